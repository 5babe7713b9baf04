package dev.coro.spring;

import static dev.coro.Coro.await;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.beans.PropertyEditorSupport;
import java.time.Duration;
import java.util.Map;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code @InitBinder}, {@code @ModelAttribute} methods and validation around coroutine handlers and their twins. */
@RestController
@RequestMapping("/binding")
class BindingController {

    record Sku(String code) {}

    record Line(@NotBlank String item, @Min(1) int quantity) {}

    @InitBinder
    void binder(WebDataBinder binder) {
        binder.registerCustomEditor(Sku.class, new PropertyEditorSupport() {
            @Override
            public void setAsText(String text) {
                setValue(new Sku(text.toUpperCase()));
            }
        });
    }

    @ModelAttribute("region")
    String region() {
        return "eu-west";
    }

    @Coroutine
    @GetMapping("/sku/{sku}")
    Map<String, String> sku(@PathVariable Sku sku, @ModelAttribute("region") String region) {
        await(Mono.delay(Duration.ofMillis(1)));
        return Map.of("sku", sku.code(), "region", region);
    }

    @Coroutine
    @PostMapping("/line")
    Line line(@Valid @RequestBody Line line) {
        await(Mono.delay(Duration.ofMillis(1)));
        return line;
    }

    @PostMapping("/line-mono")
    Mono<Line> lineMono(@Valid @RequestBody Line line) {
        return Mono.just(line);
    }

    @Coroutine
    @GetMapping("/quantity")
    int quantity(@RequestParam @Min(1) int quantity) {
        await(Mono.delay(Duration.ofMillis(1)));
        return quantity;
    }

    @GetMapping("/quantity-mono")
    Mono<Integer> quantityMono(@RequestParam @Min(1) int quantity) {
        return Mono.just(quantity);
    }
}
