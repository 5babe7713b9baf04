package dev.coro.spring;

import dev.coro.CoroScheduler;
import java.util.concurrent.atomic.AtomicLong;
import reactor.util.context.ContextView;

/**
 * Names coroutines after what they run, {@code coro-OrderController.order-17}: the prefix of the scheduler that will
 * run them (the one in the request's Context), a stem, and a sequence number.
 */
final class CoroutineNames {

    private final String stem;
    private final AtomicLong sequence = new AtomicLong();

    CoroutineNames(String stem) {
        this.stem = stem;
    }

    String next(ContextView context) {
        return next(context, stem);
    }

    String next(ContextView context, String stem) {
        return next(scheduler(context), stem);
    }

    String next(CoroScheduler scheduler, String stem) {
        return scheduler.namePrefix() + stem + "-" + sequence.incrementAndGet();
    }

    String next(CoroScheduler scheduler) {
        return next(scheduler, stem);
    }

    /**
     * The scheduler of a coroutine the starter's WebFlux integration must have set up: a {@code CoroWebFilter} or a
     * {@code coroutine(...)} route. Without one in the Context, coro-reactor's WebFlux part is off for this request,
     * and running the coroutine anyway (on the default scheduler, without bound, meters or endpoint) would make
     * {@code coro.enabled=false} a half switch: {@code what} fails instead, naming the cause.
     */
    static CoroScheduler requireScheduler(ContextView context, String what) {
        if (context.getOrDefault(CoroScheduler.CONTEXT_KEY, null) instanceof CoroScheduler scheduler) {
            return scheduler;
        }
        throw new IllegalStateException(what + " did not run: the request's Reactor Context has no CoroScheduler. "
                + "coro-spring-boot-starter puts it there unless coro.enabled=false or coro.webflux.enabled=false "
                + "(startup logs a WARN naming each coroutine filter and route then): remove that property to run it. "
                + "Outside the starter's auto-configuration (a test slice, a hand-built WebHandler), import "
                + "CoroAutoConfiguration and CoroWebFluxAutoConfiguration, or write the scheduler into the Context "
                + "under CoroScheduler.CONTEXT_KEY before this filter.");
    }

    static CoroScheduler scheduler(ContextView context) {
        return context.getOrDefault(CoroScheduler.CONTEXT_KEY, null) instanceof CoroScheduler scheduler
                ? scheduler
                : CoroScheduler.defaultScheduler();
    }
}
