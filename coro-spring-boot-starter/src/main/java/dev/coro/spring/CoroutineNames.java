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
        return scheduler(context).namePrefix() + stem + "-" + sequence.incrementAndGet();
    }

    static CoroScheduler scheduler(ContextView context) {
        return context.getOrDefault(CoroScheduler.CONTEXT_KEY, null) instanceof CoroScheduler scheduler
                ? scheduler
                : CoroScheduler.defaultScheduler();
    }
}
