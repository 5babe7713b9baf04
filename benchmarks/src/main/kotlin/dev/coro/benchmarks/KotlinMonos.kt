package dev.coro.benchmarks

import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.reactive.awaitSingle
import kotlinx.coroutines.reactor.flux
import kotlinx.coroutines.reactor.mono
import reactor.core.Disposable
import reactor.core.publisher.Flux
import reactor.core.publisher.Mono

/**
 * kotlinx-coroutines-reactor's `mono {}` and `flux {}`, the contenders of [AwaitBenchmark], [FluxEmitBenchmark] and
 * [HeapPerCoroutine]: the same shapes as the Java rows beside them. Kotlin code because `awaitSingle()` is a suspending
 * function. [DEFAULT] runs the body on Kotlin's CPU pool (one thread per core, like our virtual threads' carriers);
 * [UNCONFINED] runs it on the subscribing thread until the first suspension and resumes it on whichever thread
 * completes the awaited publisher (no dispatch at all).
 */
object KotlinMonos {

    @JvmField val DEFAULT: CoroutineDispatcher = Dispatchers.Default

    @JvmField val UNCONFINED: CoroutineDispatcher = Dispatchers.Unconfined

    /** `mono { source.awaitSingle() + 1 }`: one await, as `Coro.mono(() -> await(source) + 1)`. */
    @JvmStatic
    fun awaitPlusOne(dispatcher: CoroutineDispatcher, source: Mono<Int>): Mono<Int> =
        mono(dispatcher) { source.awaitSingle() + 1 }

    /** `mono { value + 1 }`: a coroutine that never suspends. */
    @JvmStatic
    fun noAwait(dispatcher: CoroutineDispatcher, value: Int): Mono<Int> = mono(dispatcher) { value + 1 }

    /** `flux { for (...) send(...) }`: Kotlin's generator, emitting [n] boxed values taken from [values]. */
    @JvmStatic
    fun range(dispatcher: CoroutineDispatcher, n: Int, values: Array<Int>): Flux<Int> =
        flux(dispatcher) {
            for (i in 0 until n) {
                send(values[i and 1023])
            }
        }

    /** A Kotlin coroutine parked in an await that never completes, for the heap probe. */
    @JvmStatic
    fun parked(never: Mono<Int>, entered: AtomicInteger): Disposable =
        mono(Dispatchers.Default) {
            entered.incrementAndGet()
            never.awaitSingle()
        }.subscribe()
}
