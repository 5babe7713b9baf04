package dev.coro;

import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.Exceptions;
import reactor.core.Fuseable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Every {@code Coro.await*} variant ends here: one subscriber, one mode. */
final class Await {

    private Await() {}

    static <T> @Nullable T one(Publisher<T> source, AwaitSubscriber.Mode mode) {
        Objects.requireNonNull(source, "Cannot await a null publisher");
        if (source instanceof Fuseable.ScalarCallable<?> scalar) {
            return scalar(scalar, mode);
        }
        Coroutine coroutine = Coroutine.current();
        if (coroutine == null) {
            checkMayBlock();
        } else if (coroutine.cancelled) {
            throw coroutine.cancellation();
        }
        AwaitSubscriber<T> subscriber = new AwaitSubscriber<>(mode, coroutine);
        source.subscribe(subscriber);
        Suspension.await(coroutine, source, subscriber);
        Throwable error = subscriber.error();
        if (error != null) {
            throw AwaitCallSite.rethrow(error, coroutine);
        }
        return subscriber.value();
    }

    static <T> @Nullable T stage(CompletionStage<T> stage) {
        Objects.requireNonNull(stage, "Cannot await a null CompletionStage");
        if (stage instanceof CompletableFuture<T> future && future.isDone()) {
            try {
                return future.join();
            } catch (CompletionException e) {
                throw AwaitCallSite.rethrow(e.getCause() != null ? e.getCause() : e, Coroutine.current());
            }
        }
        // Reactor unwraps CompletionException, so the awaiter gets the failure the stage was completed with.
        return one(Mono.fromCompletionStage(stage), AwaitSubscriber.Mode.MONO);
    }

    @SuppressWarnings("unchecked")
    private static <T> @Nullable T scalar(Fuseable.ScalarCallable<?> scalar, AwaitSubscriber.Mode mode) {
        Object value;
        try {
            value = scalar.call();
        } catch (Throwable e) {
            throw AwaitCallSite.rethrow(Exceptions.unwrap(e), Coroutine.current());
        }
        if (value == null && mode.requiresValue()) {
            throw new NoSuchElementException("await: the publisher completed without any element");
        }
        return (T) value;
    }

    private static void checkMayBlock() {
        if (Schedulers.isInNonBlockingThread()) {
            Thread t = Thread.currentThread();
            throw new IllegalStateException("Coro.await called outside a coroutine on non-blocking thread '"
                    + t.getName() + "': waiting here would block the event loop. Run the calling code as a "
                    + "coroutine instead: wrap it in Coro.mono(() -> ...) or Coro.flux(out -> ...), or annotate the "
                    + "WebFlux handler with @Coroutine.");
        }
    }
}
