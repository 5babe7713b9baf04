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

/** Every {@code Coro.await*} variant ends here: one subscriber, one mode. */
final class Await {

    private Await() {}

    static <T> @Nullable T one(Publisher<T> source, AwaitSubscriber.Mode mode) {
        Objects.requireNonNull(
                source,
                "Cannot await a null publisher: the code that built it returned null; return Mono.empty() or "
                        + "Flux.empty() for no value");
        // The fast path looks at no coroutine, only at the thread's interrupt flag (a field read): a cancel from
        // another thread interrupts, and an interrupted thread takes the full path, where a cancelled coroutine throws.
        if (source instanceof Fuseable.ScalarCallable<?> scalar
                && !Thread.currentThread().isInterrupted()) {
            return scalar(scalar);
        }
        // One method, not two: every frame between the body and the park stays on each parked coroutine's stack.
        Coroutine coroutine = Suspension.enter("Coro.await");
        if (source instanceof Fuseable.ScalarCallable<?> scalar) {
            return scalar(scalar); // an interrupted thread that is no cancelled coroutine: nothing to wait for
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

    /** The await variants that need an element: {@code null} here means the publisher completed empty. */
    static <T> T element(Publisher<T> source, AwaitSubscriber.Mode mode) {
        T value = one(source, mode);
        if (value == null) {
            throw noElement(mode);
        }
        return value;
    }

    static <T> @Nullable T stage(CompletionStage<T> stage) {
        Objects.requireNonNull(
                stage,
                "Cannot await a null CompletionStage: the code that built it returned null; return "
                        + "CompletableFuture.completedFuture(null) for no value");
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
    private static <T> @Nullable T scalar(Fuseable.ScalarCallable<?> scalar) {
        Object value;
        try {
            value = scalar.call();
        } catch (Throwable e) {
            throw AwaitCallSite.rethrow(Exceptions.unwrap(e), Coroutine.current());
        }
        return (T) value;
    }

    /** The failure of an await variant that needs an element when the publisher completed without one. */
    static NoSuchElementException noElement(AwaitSubscriber.Mode mode) {
        return new NoSuchElementException(
                switch (mode) {
                    case FIRST ->
                        "awaitFirst: the publisher completed without any element; use awaitFirstOrNull "
                                + "when empty is a valid outcome";
                    case LAST -> "awaitLast: the publisher completed without any element";
                    case SINGLE -> "awaitSingle: the publisher completed without any element";
                    case MONO, FIRST_OR_NULL -> throw new IllegalArgumentException(mode + " accepts no element");
                });
    }
}
