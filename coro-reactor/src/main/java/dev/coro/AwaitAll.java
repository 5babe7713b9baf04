package dev.coro;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import reactor.core.publisher.Mono;

/** {@code Coro.awaitAll}: {@code Mono.zip} (which cancels the others on the first error) awaited once. */
final class AwaitAll {

    private AwaitAll() {}

    static <T> Mono<T> nonEmpty(Mono<T> mono, int position) {
        Objects.requireNonNull(mono, () -> "Coro.awaitAll: Mono #" + position + " is null");
        // zip completes empty when any source does, without telling which: name it for the caller.
        return mono.switchIfEmpty(Mono.error(() -> new NoSuchElementException("Coro.awaitAll: Mono #" + position
                + " completed empty; give it a default with defaultIfEmpty, or await it alone")));
    }

    @SuppressWarnings("unchecked")
    static <T> List<T> list(List<? extends Mono<? extends T>> monos) {
        Objects.requireNonNull(monos, "Coro.awaitAll needs a list of Monos");
        if (monos.isEmpty()) {
            return List.of();
        }
        List<Mono<? extends T>> sources = new ArrayList<>(monos.size());
        for (int i = 0; i < monos.size(); i++) {
            sources.add(nonEmpty(monos.get(i), i + 1));
        }
        return zipped(Mono.zip(sources, array -> {
            List<T> out = new ArrayList<>(array.length);
            for (Object o : array) {
                out.add((T) o);
            }
            return out;
        }));
    }

    /** Awaits a zip of {@link #nonEmpty} sources, which yields a value or fails: it cannot complete empty. */
    static <T> T zipped(Mono<T> zip) {
        T value = Coro.await(zip);
        if (value == null) {
            throw new IllegalStateException("Coro.awaitAll: Mono.zip completed empty although every source fails when "
                    + "empty; please report this as a bug");
        }
        return value;
    }
}
