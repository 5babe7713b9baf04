package dev.coro.sample.shop;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /api/{variant}/orders}; validated before any handler code runs.
 *
 * <p>Missing numbers arrive as 0 and missing lists as empty, so the constraints report them by field name.
 *
 * @param customerId who orders
 * @param items what to order, 1 to 20 lines
 */
public record OrderRequest(
        @Positive long customerId, @NotEmpty @Size(max = 20) List<@Valid @NotNull Item> items) {

    /**
     * Replaces a missing item list by an empty one, which validation then rejects.
     *
     * @param customerId who orders
     * @param items what to order, {@code null} when absent from the JSON
     */
    public OrderRequest(long customerId, @Nullable List<Item> items) {
        this.customerId = customerId;
        this.items = items == null ? List.of() : items;
    }

    /**
     * One line of the request.
     *
     * @param productId the product
     * @param quantity units, 1 to 100
     */
    public record Item(
            @Positive long productId, @Min(1) @Max(100) int quantity) {}
}
