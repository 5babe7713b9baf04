package dev.coro.benchmarks.http

import dev.coro.benchmarks.http.Records.OrderView
import kotlinx.coroutines.reactor.awaitSingle
import kotlinx.coroutines.reactor.awaitSingleOrNull
import org.springframework.web.bind.annotation.GetMapping
import org.springframework.web.bind.annotation.PathVariable
import org.springframework.web.bind.annotation.RequestMapping
import org.springframework.web.bind.annotation.RestController

/**
 * The same handlers as Kotlin `suspend fun`s, run by Spring's own coroutine support (kotlinx-coroutines-reactor,
 * `CoroutinesUtils.invokeSuspendingFunction`): what a Kotlin user writes instead of `@Coroutine`.
 */
@RestController
@RequestMapping("/api/kotlin")
internal class KotlinController(private val source: AsyncSource, private val shop: Shop) {

    @GetMapping("/two-calls/{id}")
    suspend fun twoCalls(@PathVariable id: Long): TwoCalls {
        val first = source.first(id).awaitSingle()
        val second = source.second(first).awaitSingle()
        return TwoCalls(id, first, second)
    }

    // The sample's CoroShopController.order, in Kotlin.
    @GetMapping("/orders/{id}")
    suspend fun order(@PathVariable id: Long): OrderView {
        val order = shop.order(id).awaitSingleOrNull() ?: throw NotFound.of("order", id)
        val customer = shop.customer(order.customerId()).awaitSingleOrNull()
            ?: throw NotFound.of("customer", order.customerId())
        val quote = shop.shippingQuote(customer.country(), order.itemCount()).awaitSingle()
        return OrderView.of(order, customer, quote)
    }
}
