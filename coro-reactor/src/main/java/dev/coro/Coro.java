package dev.coro;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;
import reactor.util.function.Tuple2;
import reactor.util.function.Tuple3;

/**
 * Coroutines for Project Reactor: build a {@link Mono} or a {@link Flux} from straight-line code, and await
 * publishers inside it without blocking any event loop.
 *
 * <pre>{@code
 * import static dev.coro.Coro.await;
 *
 * Mono<OrderView> view = Coro.mono(() -> {
 *     Order order = await(orders.findById(id));
 *     Customer customer = await(customers.fetch(order.customerId()));
 *     return new OrderView(order, customer);
 * });
 * Flux<Integer> squares = Coro.flux(out -> {
 *     for (int i = 1; i <= 10; i++) out.yield(i * i);
 * });
 * }</pre>
 *
 * <p>A coroutine is a body of ordinary Java code on its own virtual thread (JDK 21+). {@code await} parks that
 * virtual thread until the publisher signals; the carrier thread runs other work meanwhile. The thread model is an
 * implementation detail: nothing in this API exposes a {@link Thread}.
 *
 * <p><b>Threading, cancellation, backpressure.</b> Every {@code mono}/{@code flux} subscription runs its body on a
 * new coroutine with the subscriber's Reactor {@code Context}; awaits inside it park only the coroutine and pass the
 * Context upstream. Outside a coroutine an await blocks the calling thread, and refuses a Reactor non-blocking thread
 * with an {@link IllegalStateException}. Cancelling a subscription cancels its coroutine: the current await's
 * subscription is cancelled, the body sees a {@link java.util.concurrent.CancellationException} there (or an
 * {@link InterruptedException} in blocking code), its {@code finally} blocks run, and nothing is signalled after.
 * A {@code flux} body emits only against demand: {@code yield} parks while there is none.
 */
public final class Coro {

    private Coro() {}

    /**
     * Returns a cold {@link Mono} whose every subscription runs {@code body} in a new coroutine.
     *
     * <p><b>Threading, cancellation, backpressure.</b> The body starts at subscribe time, on a new coroutine named
     * after the scheduler's prefix ({@code coro-mono-N}), with the subscriber's Reactor {@code Context} (see
     * {@link #context()}) and, when Micrometer context-propagation is present, its ThreadLocals restored. Its value is
     * emitted once requested; {@code null} completes empty; a thrown exception, checked or not, is the {@code onError}.
     * Cancelling the subscription cancels the coroutine: the current await's subscription is cancelled, the body sees a
     * {@link java.util.concurrent.CancellationException} there (or an {@link InterruptedException} in blocking code),
     * its {@code finally} blocks run, and nothing reaches the subscriber afterwards (late errors go to Reactor's
     * dropped-error hook).
     *
     * <pre>{@code
     * Mono<String> greeting = Coro.mono(() -> "Hello, " + await(users.findName(id)));
     * }</pre>
     *
     * @param body the code to run; may call the {@code await} methods
     * @param <T> the type of the value
     * @return a cold Mono
     */
    public static <T> Mono<T> mono(CoroutineBody<T> body) {
        Objects.requireNonNull(body, "Coro.mono needs a body");
        return new CoroMono<>(body, null);
    }

    /**
     * Returns a cold {@link Mono} like {@link #mono(CoroutineBody)} whose coroutines carry {@code name}, as shown in
     * coroutine dumps and as their thread name.
     *
     * <p><b>Threading, cancellation, backpressure.</b> As {@link #mono(CoroutineBody)}.
     *
     * <pre>{@code
     * Mono<Order> order = Coro.mono("load-order", () -> await(orders.findById(id)));
     * }</pre>
     *
     * @param name the name of every coroutine this Mono starts
     * @param body the code to run
     * @param <T> the type of the value
     * @return a cold Mono
     */
    public static <T> Mono<T> mono(String name, CoroutineBody<T> body) {
        Objects.requireNonNull(name, "Coro.mono needs a name (or use the overload without one)");
        Objects.requireNonNull(body, "Coro.mono needs a body");
        return new CoroMono<>(body, name);
    }

    /**
     * Returns a cold {@link Flux} whose every subscription runs the generator {@code body} in a new coroutine.
     *
     * <p><b>Threading, cancellation, backpressure.</b> The body starts on the first request, on a new coroutine
     * ({@code coro-flux-N}) with the subscriber's {@code Context}. {@link Emitter#yield(Object)} calls
     * {@code onNext} directly on the generator's thread while demand is outstanding and parks the coroutine while it
     * is zero, so the body runs exactly as far ahead as the subscriber asked: no element is queued or dropped.
     * Returning completes the Flux; throwing fails it. Cancelling makes the next {@code yield} or await throw
     * {@link java.util.concurrent.CancellationException} so {@code finally} blocks run; nothing is emitted after.
     * {@code yield(null)} fails the Flux with a {@link NullPointerException} (§2.13) and {@code request(n <= 0)} with
     * an {@link IllegalArgumentException} (§3.9).
     *
     * <pre>{@code
     * Flux<Order> all = Coro.flux(out -> {
     *     for (Page<Order> page = await(repo.page(0)); page != null; page = await(repo.next(page))) {
     *         for (Order order : page) out.yield(order);
     *     }
     * });
     * }</pre>
     *
     * @param body the generator
     * @param <T> the type of the elements
     * @return a cold Flux
     */
    public static <T> Flux<T> flux(FluxBody<T> body) {
        Objects.requireNonNull(body, "Coro.flux needs a generator body");
        return new GeneratorFlux<>(body, null);
    }

    /**
     * Returns a cold {@link Flux} like {@link #flux(FluxBody)} whose coroutines carry {@code name}.
     *
     * <p><b>Threading, cancellation, backpressure.</b> As {@link #flux(FluxBody)}.
     *
     * <pre>{@code
     * Flux<Row> rows = Coro.flux("export", out -> exportRows(out));
     * }</pre>
     *
     * @param name the name of every coroutine this Flux starts
     * @param body the generator
     * @param <T> the type of the elements
     * @return a cold Flux
     */
    public static <T> Flux<T> flux(String name, FluxBody<T> body) {
        Objects.requireNonNull(name, "Coro.flux needs a name (or use the overload without one)");
        Objects.requireNonNull(body, "Coro.flux needs a generator body");
        return new GeneratorFlux<>(body, name);
    }

    /**
     * Waits for {@code mono} and returns its value, or {@code null} when it completes empty.
     *
     * <p><b>Threading, cancellation, backpressure.</b> Inside a coroutine only the coroutine is suspended; the Mono is
     * subscribed with the coroutine's Reactor {@code Context}, so {@code Mono.deferContextual}, security, transactions
     * and tracing upstream see it. A Mono that is already a value ({@code Mono.just}, {@code Mono.empty}) returns at
     * once without subscribing, even in a cancelled coroutine or on an event loop. An error is rethrown as the same
     * exception object (checked ones too, undeclared), with the await's call site added as a suppressed exception. If
     * the coroutine is cancelled while waiting, the Mono's subscription is cancelled and
     * {@link java.util.concurrent.CancellationException} thrown. Outside a coroutine: on a Reactor non-blocking thread
     * (an event loop) this throws {@link IllegalStateException}; on any other thread it blocks like {@code block()}.
     *
     * <pre>{@code
     * Order order = Coro.await(orders.findById(id));
     * }</pre>
     *
     * @param mono what to wait for
     * @param <T> the type of the value
     * @return the value, or {@code null} when the Mono completed empty
     */
    public static <T> @Nullable T await(Mono<T> mono) {
        return Await.one(mono, AwaitSubscriber.Mode.MONO);
    }

    /**
     * Waits for {@code stage} to complete and returns its value.
     *
     * <p><b>Threading, cancellation, backpressure.</b> As {@link #await(Mono)}; a stage that completed already returns
     * at once. A stage completed exceptionally rethrows its cause (not a {@code CompletionException}). Cancelling the
     * coroutine while waiting cancels the stage's future, as {@link Mono#fromCompletionStage} does.
     *
     * <pre>{@code
     * HttpResponse<String> response = Coro.await(httpClient.sendAsync(request, ofString()));
     * }</pre>
     *
     * @param stage what to wait for
     * @param <T> the type of the value
     * @return the value, {@code null} if the stage completed with {@code null}
     */
    public static <T> @Nullable T await(CompletionStage<T> stage) {
        return Await.stage(stage);
    }

    /**
     * Waits for the first element of {@code publisher}, then cancels it.
     *
     * <p><b>Threading, cancellation, backpressure.</b> As {@link #await(Mono)}; requests exactly one element and
     * cancels the subscription once it arrives.
     *
     * <pre>{@code
     * Price first = Coro.awaitFirst(priceTicks);
     * }</pre>
     *
     * @param publisher what to wait for
     * @param <T> the type of the element
     * @return the first element
     * @throws java.util.NoSuchElementException when the publisher completes without any element
     */
    public static <T> T awaitFirst(Publisher<T> publisher) {
        return Await.element(publisher, AwaitSubscriber.Mode.FIRST);
    }

    /**
     * Waits for the first element of {@code publisher}, then cancels it; {@code null} when it completes empty.
     *
     * <p><b>Threading, cancellation, backpressure.</b> As {@link #awaitFirst(Publisher)}.
     *
     * <pre>{@code
     * Order latest = Coro.awaitFirstOrNull(orders.findRecent(customerId));
     * }</pre>
     *
     * @param publisher what to wait for
     * @param <T> the type of the element
     * @return the first element, or {@code null}
     */
    public static <T> @Nullable T awaitFirstOrNull(Publisher<T> publisher) {
        return Await.one(publisher, AwaitSubscriber.Mode.FIRST_OR_NULL);
    }

    /**
     * Waits for {@code publisher} to complete and returns its last element.
     *
     * <p><b>Threading, cancellation, backpressure.</b> As {@link #await(Mono)}; requests everything
     * ({@code Long.MAX_VALUE}) and keeps only the latest element.
     *
     * <pre>{@code
     * Event last = Coro.awaitLast(events.take(Duration.ofSeconds(1)));
     * }</pre>
     *
     * @param publisher what to wait for
     * @param <T> the type of the element
     * @return the last element
     * @throws java.util.NoSuchElementException when the publisher completes without any element
     */
    public static <T> T awaitLast(Publisher<T> publisher) {
        return Await.element(publisher, AwaitSubscriber.Mode.LAST);
    }

    /**
     * Waits for {@code publisher} to complete and returns its only element.
     *
     * <p><b>Threading, cancellation, backpressure.</b> As {@link #await(Mono)}; requests everything and cancels the
     * subscription as soon as a second element arrives.
     *
     * <pre>{@code
     * User user = Coro.awaitSingle(users.findByEmail(email));
     * }</pre>
     *
     * @param publisher what to wait for
     * @param <T> the type of the element
     * @return the only element
     * @throws java.util.NoSuchElementException when the publisher completes without any element
     * @throws IllegalArgumentException when the publisher emits more than one element
     */
    public static <T> T awaitSingle(Publisher<T> publisher) {
        return Await.element(publisher, AwaitSubscriber.Mode.SINGLE);
    }

    /**
     * Returns the elements of {@code publisher} as an {@link Iterable} for a {@code for} loop inside a coroutine.
     *
     * <p><b>Threading, cancellation, backpressure.</b> The publisher is subscribed, with the coroutine's
     * {@code Context}, when the loop starts. At most {@code prefetch} elements are requested ahead, more as three
     * quarters of them are consumed; the loop parks the coroutine while none is ready. Closing the returned iterable
     * (try-with-resources) cancels the subscription, so {@code break} or an exception ends the upstream at once; the
     * coroutine's end cancels it too. An {@code onError} is rethrown from the loop as the same exception object.
     * Outside a coroutine: on a Reactor non-blocking thread (an event loop) the loop's start throws
     * {@link IllegalStateException} without subscribing, as {@link #await(Mono)} does; on any other thread the loop
     * blocks the thread while no element is ready.
     *
     * <pre>{@code
     * try (var orders = Coro.each(repository.findAll(), 64)) {
     *     for (Order order : orders) {
     *         if (order.total() > limit) break;
     *         sum += order.total();
     *     }
     * }
     * }</pre>
     *
     * @param publisher what to iterate; subscribed once
     * @param prefetch how many elements may be requested ahead, at least 1
     * @param <T> the type of the elements
     * @return a single-use iterable
     */
    public static <T> AwaitIterable<T> each(Publisher<T> publisher, int prefetch) {
        Objects.requireNonNull(publisher, "Coro.each needs a publisher");
        if (prefetch < 1) {
            throw new IllegalArgumentException(
                    "Coro.each: prefetch must be at least 1, was " + prefetch + "; 32 to 256 suits most streams");
        }
        return new EachIterable<>(publisher, prefetch);
    }

    /**
     * Returns the Reactor {@code Context} of the current coroutine: its subscriber's.
     *
     * <p>Call it from a coroutine body; each coroutine sees the Context of the subscription that started it, and every
     * await passes it upstream.
     *
     * <pre>{@code
     * String tenant = Coro.context().getOrDefault("tenant", "default");
     * }</pre>
     *
     * @return the coroutine's Context
     * @throws IllegalStateException when called outside a coroutine
     */
    public static ContextView context() {
        Coroutine coroutine = Coroutine.current();
        if (coroutine == null) {
            throw new IllegalStateException("Coro.context() called outside a coroutine, on thread '"
                    + Thread.currentThread().getName()
                    + "': call it inside a Coro.mono or Coro.flux body (or a @Coroutine handler)");
        }
        return coroutine.context;
    }

    /**
     * Returns whether the calling code runs in a coroutine body, where {@link #await(Mono)} suspends instead of
     * blocking and {@link #context()} is available.
     *
     * <p>Made for frameworks that adapt a call to where it runs, as Spring's {@code @Transactional} support in
     * coro-spring-boot-starter does: inside a coroutine a plain-returning method can await its transaction, outside it
     * cannot. Application code rarely needs it: a method is written either for a coroutine or for a Reactor chain.
     *
     * <pre>{@code
     * Object result = Coro.inCoroutine() ? invokeAndAwait(call) : invokeAsMono(call);
     * }</pre>
     *
     * @return {@code true} inside a {@code Coro.mono}, {@code Coro.flux}, generator or fork body (or a
     *     {@code @Coroutine} handler), {@code false} elsewhere, including a Reactor operator called on a coroutine's
     *     thread after its body returned
     */
    public static boolean inCoroutine() {
        return Coroutine.current() != null;
    }

    // ---- Classic coroutines: two-way generators, channels and select, scopes, timers, mutex and semaphore ----

    /**
     * Returns a two-way generator running {@code body}, with Python's PEP 342 semantics: {@code send} resumes the body
     * to its next yield, and the yield returns what was sent.
     *
     * <p><b>Threading, cancellation, backpressure.</b> Nothing runs until the first {@code send(null)}; the body then
     * runs on a coroutine of its own, with the current coroutine's Reactor {@code Context} and scheduler (or none and
     * the default one outside a coroutine), and only while the caller waits for it. The caller's pace is the
     * backpressure. See {@link Generator} for cancellation and {@link Generator#close()}.
     *
     * <pre>{@code
     * try (Generator<Integer, String> consumer = Coro.generator(y -> {
     *     String reply = "";
     *     while (true) {
     *         Integer n = y.yield(reply);
     *         if (n == null) return;
     *         reply = "200 OK";
     *     }
     * })) {
     *     consumer.send(null);
     *     String r = consumer.send(1); // "200 OK"
     * }
     * }</pre>
     *
     * @param body the generator's code
     * @param <I> the type of the values sent in
     * @param <O> the type of the values yielded out
     * @return a new, unstarted generator
     */
    public static <I, O> Generator<I, O> generator(GeneratorBody<I, O> body) {
        Objects.requireNonNull(body, "Coro.generator needs a body: y -> { ... y.yield(value) ... }");
        return TwoWayGenerator.of(body);
    }

    /**
     * Returns a two-way generator whose body returns a value when it ends (PEP 380): the {@code send} that runs the
     * body to its end throws a {@link StopIteration} carrying it, {@link ReturningGenerator#returnValue()} keeps it,
     * and {@link Yielder#yieldAll(ReturningGenerator)} returns it in a delegating generator.
     *
     * <p><b>Threading, cancellation, backpressure.</b> As {@link #generator(GeneratorBody)}.
     *
     * <pre>{@code
     * ReturningGenerator<Integer, String, Integer> consumer = Coro.returningGenerator(y -> {
     *     int consumed = 0;
     *     for (Integer n = y.yield(""); n != null && n != 0; n = y.yield("200 OK")) consumed++;
     *     return consumed;
     * });
     * consumer.send(null);
     * consumer.send(1);
     * try { consumer.send(0); } catch (StopIteration end) { System.out.println(end.value()); } // 1
     * }</pre>
     *
     * @param body the generator's code; its return value is the generator's
     * @param <I> the type of the values sent in
     * @param <O> the type of the values yielded out
     * @param <R> the type of the body's return value
     * @return a new, unstarted generator
     */
    public static <I, O, R> ReturningGenerator<I, O, R> returningGenerator(GeneratorFunction<I, O, R> body) {
        Objects.requireNonNull(body, "Coro.returningGenerator needs a body: y -> { ... y.yield(value) ... return r; }");
        return new TwoWayGenerator<>(body);
    }

    /**
     * Runs {@code body} as a structured scope: the coroutines it forks run concurrently, and the scope returns only
     * once every one of them has finished.
     *
     * <p><b>Threading, cancellation, backpressure.</b> The body runs on the calling coroutine; each
     * {@link CoroScope#fork fork} runs on a new coroutine with the caller's Reactor {@code Context} and scheduler. The
     * first fork to fail cancels the others and the scope throws its exception (the same object); a body that throws
     * cancels every fork, waits for them, and the scope rethrows. Cancelling the calling coroutine cancels every fork,
     * and the scope still waits for them to unwind before throwing {@link java.util.concurrent.CancellationException}.
     * A fork's failure also cancels what the body is waiting for (its await throws {@code CancellationException}, as
     * Kotlin's {@code coroutineScope} cancels its body), and the scope then throws the fork's failure, with the body's
     * {@code CancellationException} suppressed. The rethrown failure carries, as a suppressed exception, the call site
     * where the scope was opened (the fork's own trace ends in the fork's thread); a fork cancelled by a sibling's
     * failure sees a {@code CancellationException} that names the sibling and has its failure as cause. Outside a
     * coroutine the calling thread blocks; on an event loop this
     * throws {@link IllegalStateException}. Pick it over {@code Mono.zip} when the concurrent branches are themselves
     * straight-line code with several awaits each.
     *
     * <pre>{@code
     * OrderView view = Coro.scope(scope -> {
     *     Fork<Customer> customer = scope.fork(() -> await(customers.fetch(customerId)));
     *     Fork<List<Line>> lines = scope.fork(() -> await(orderLines.findAll(orderId).collectList()));
     *     return new OrderView(customer.join(), lines.join());
     * });
     * }</pre>
     *
     * @param body forks coroutines, joins them and returns the result
     * @param <T> the type of the result
     * @return what the body returned
     */
    public static <T> @Nullable T scope(ScopeBody<T> body) {
        return StructuredScope.run(body);
    }

    /**
     * Awaits two Monos subscribed at once and returns both values; the first failure cancels the other.
     *
     * <p><b>Threading, cancellation, backpressure.</b> As {@link #await(Mono)}; both Monos are subscribed together
     * with the coroutine's {@code Context} ({@code Mono.zip} underneath, no extra coroutine). The first error is
     * rethrown and the other Mono cancelled; cancelling the coroutine cancels both.
     *
     * <pre>{@code
     * Tuple2<User, Settings> both = Coro.awaitAll(users.find(id), settings.find(id));
     * render(both.getT1(), both.getT2());
     * }</pre>
     *
     * @param first the first Mono
     * @param second the second Mono
     * @param <A> the type of the first value
     * @param <B> the type of the second value
     * @return both values
     * @throws java.util.NoSuchElementException when a Mono completes empty, naming which one
     */
    public static <A, B> Tuple2<A, B> awaitAll(Mono<A> first, Mono<B> second) {
        return AwaitAll.zipped(Mono.zip(AwaitAll.nonEmpty(first, 1), AwaitAll.nonEmpty(second, 2)));
    }

    /**
     * Awaits three Monos subscribed at once and returns the three values; the first failure cancels the others.
     *
     * <p><b>Threading, cancellation, backpressure.</b> As {@link #awaitAll(Mono, Mono)}.
     *
     * <pre>{@code
     * var all = Coro.awaitAll(users.find(id), orders.latest(id), prices.today());
     * }</pre>
     *
     * @param first the first Mono
     * @param second the second Mono
     * @param third the third Mono
     * @param <A> the type of the first value
     * @param <B> the type of the second value
     * @param <C> the type of the third value
     * @return the three values
     * @throws java.util.NoSuchElementException when a Mono completes empty, naming which one
     */
    public static <A, B, C> Tuple3<A, B, C> awaitAll(Mono<A> first, Mono<B> second, Mono<C> third) {
        return AwaitAll.zipped(
                Mono.zip(AwaitAll.nonEmpty(first, 1), AwaitAll.nonEmpty(second, 2), AwaitAll.nonEmpty(third, 3)));
    }

    /**
     * Awaits every Mono of {@code monos}, subscribed at once, and returns their values in the same order; the first
     * failure cancels the others.
     *
     * <p><b>Threading, cancellation, backpressure.</b> As {@link #awaitAll(Mono, Mono)}. All Monos are subscribed
     * at once: bound the list (or use {@code Flux.flatMap} with a concurrency) for large fan-outs.
     *
     * <pre>{@code
     * List<Price> prices = Coro.awaitAll(skus.stream().map(catalog::price).toList());
     * }</pre>
     *
     * @param monos the Monos; an empty list returns an empty list
     * @param <T> the type of the values
     * @return the values, in the order of {@code monos}
     * @throws java.util.NoSuchElementException when a Mono completes empty, naming its index
     */
    public static <T> List<T> awaitAll(List<? extends Mono<? extends T>> monos) {
        return AwaitAll.list(monos);
    }

    /**
     * Suspends the coroutine for {@code duration}, on Reactor's timer.
     *
     * <p><b>Threading, cancellation, backpressure.</b> Awaits {@code Mono.delay(duration)}, so only the coroutine is
     * suspended and {@code StepVerifier.withVirtualTime} advances it in virtual time. Cancelling the coroutine ends
     * the sleep with {@link java.util.concurrent.CancellationException}. Outside a coroutine it blocks the thread
     * (and refuses an event loop), as {@link #await(Mono)} does. Pick it over {@code delayElement} when the wait sits
     * between straight-line steps, such as a retry loop.
     *
     * <pre>{@code
     * for (int attempt = 1; ; attempt++) {
     *     try { return await(client.call()); }
     *     catch (TransientException e) { Coro.sleep(Duration.ofMillis(100L * attempt)); }
     * }
     * }</pre>
     *
     * @param duration how long; zero returns at once
     * @throws IllegalArgumentException when {@code duration} is negative
     */
    public static void sleep(Duration duration) {
        Timers.sleep(duration);
    }

    /**
     * Runs {@code body} on a child coroutine and returns its result, cancelling it if it takes longer than
     * {@code timeout}.
     *
     * <p><b>Threading, cancellation, backpressure.</b> The body runs as a fork of a {@link #scope(ScopeBody) scope}:
     * it inherits the coroutine's {@code Context}. The timer is Reactor's ({@code Mono.delay}), so virtual time
     * drives it. On timeout the body is cancelled (its await throws
     * {@link java.util.concurrent.CancellationException}, its {@code finally} blocks run) and, once it has unwound,
     * {@link TimeoutException} is thrown, even if the body caught the cancellation and returned (what else the
     * cancelled body threw is suppressed in it); a failure of the body before the timeout is rethrown as is. Pick it
     * over {@code Mono.timeout} when the bounded work is several straight-line steps.
     *
     * <pre>{@code
     * try {
     *     Quote quote = Coro.withTimeout(Duration.ofSeconds(2), () -> await(slowPricing.quote(sku)));
     * } catch (TimeoutException e) {
     *     return Quote.unavailable();
     * }
     * }</pre>
     *
     * @param timeout how long the body may run, zero or more
     * @param body the work to bound
     * @param <T> the type of the result
     * @return the body's result
     * @throws TimeoutException when the body did not finish in time
     * @throws IllegalArgumentException when {@code timeout} is negative
     */
    public static <T> @Nullable T withTimeout(Duration timeout, CoroutineBody<T> body) throws TimeoutException {
        return Timers.withTimeout(timeout, body);
    }

    /**
     * Returns a new FIFO semaphore with {@code permits} permits, usable from coroutines and Reactor chains.
     *
     * <p>See {@link Semaphore}: {@code acquire} suspends a coroutine, {@code permit()} and {@code withPermit(Mono)}
     * serve Reactor chains; cancelled waiters never lose a permit.
     *
     * <pre>{@code
     * Semaphore slots = Coro.semaphore(8);
     * Mono<Quote> quote = slots.withPermit(client.quote(sku));
     * }</pre>
     *
     * @param permits how many holders at once, at least 1
     * @return the semaphore
     * @throws IllegalArgumentException when {@code permits} is below 1
     */
    public static Semaphore semaphore(int permits) {
        return new Semaphore(permits);
    }

    /**
     * Returns a new FIFO mutex, usable from coroutines and Reactor chains.
     *
     * <p>See {@link Mutex}: {@code lock} suspends a coroutine, not a thread, so it is safe around awaits where
     * {@code synchronized} is not.
     *
     * <pre>{@code
     * Mutex mutex = Coro.mutex();
     * mutex.withLock(() -> await(ledger.append(entry)));
     * }</pre>
     *
     * @return the mutex, unlocked
     */
    public static Mutex mutex() {
        return new Mutex();
    }

    /**
     * Returns a new rendezvous channel: {@code send} suspends until a receiver takes the value, like Go's
     * {@code make(chan T)}.
     *
     * <p><b>Threading, cancellation, backpressure.</b> See {@link Channel}. Pick channels over a {@code Flux} when
     * several independent coroutines produce or consume, or when producer and consumer must hand values over one by
     * one; a single pipeline reads better as Reactor operators.
     *
     * <pre>{@code
     * Channel<String> ping = Coro.channel();
     * }</pre>
     *
     * @param <T> the type of the values
     * @return an open channel
     */
    public static <T> Channel<T> channel() {
        return new Channel<>(new ChannelCore(0), "rendezvous channel", null);
    }

    /**
     * Returns a new buffered channel holding up to {@code capacity} values, like Go's {@code make(chan T, capacity)};
     * {@code 0} makes a rendezvous channel.
     *
     * <p><b>Threading, cancellation, backpressure.</b> See {@link Channel}: senders suspend while it is full.
     *
     * <pre>{@code
     * Channel<Job> jobs = Coro.channel(100);
     * }</pre>
     *
     * @param capacity how many values it buffers, zero or more
     * @param <T> the type of the values
     * @return an open channel
     * @throws IllegalArgumentException when {@code capacity} is negative
     */
    public static <T> Channel<T> channel(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("Coro.channel(" + capacity + "): the capacity must be zero (rendezvous) "
                    + "or more; use Coro.unlimitedChannel() for no bound");
        }
        if (capacity == 0) {
            return channel();
        }
        return new Channel<>(new ChannelCore(capacity), "buffered channel(" + capacity + ")", null);
    }

    /**
     * Returns a new channel without a bound: {@code send} never suspends.
     *
     * <p><b>Threading, cancellation, backpressure.</b> See {@link Channel}. Nothing slows the senders down: use it
     * only where the number of values is bounded by other means.
     *
     * <pre>{@code
     * Channel<Event> audit = Coro.unlimitedChannel();
     * }</pre>
     *
     * @param <T> the type of the values
     * @return an open channel
     */
    public static <T> Channel<T> unlimitedChannel() {
        return new Channel<>(new ChannelCore(Integer.MAX_VALUE), "unlimited channel", null);
    }

    /**
     * Returns a channel fed by {@code source}: subscribed now, with at most {@code buffer} values requested beyond
     * what receivers have taken; done when it completes, closed with its error when it fails.
     *
     * <p><b>Threading, cancellation, backpressure.</b> The publisher is subscribed at once, with the current
     * coroutine's Reactor {@code Context}; demand is refilled as receivers take values, so at most {@code buffer}
     * wait in the channel: backpressure, not an unbounded queue. {@code done()} or {@code error()} on the returned
     * channel cancels the publisher.
     *
     * <pre>{@code
     * Channel<Row> rows = Coro.channel(repository.streamAll(), 64);
     * for (Row row : rows) write(row);
     * }</pre>
     *
     * @param source the publisher to drain
     * @param buffer how many values may be requested ahead, at least 1
     * @param <T> the type of the values
     * @return a channel receiving {@code source}'s values
     * @throws IllegalArgumentException when {@code buffer} is below 1
     */
    public static <T> Channel<T> channel(Publisher<T> source, int buffer) {
        Objects.requireNonNull(source, "Coro.channel needs a publisher");
        if (buffer < 1) {
            throw new IllegalArgumentException(
                    "Coro.channel(publisher, " + buffer + "): the buffer must be at least 1; 16 to 256 suits most");
        }
        Coroutine current = Coroutine.current();
        reactor.util.context.Context context = current != null ? current.context : reactor.util.context.Context.empty();
        ChannelCore core = new ChannelCore(Integer.MAX_VALUE);
        ChannelFeed<T> feed = new ChannelFeed<>(core, context, buffer);
        Channel<T> channel = new Channel<>(core, "channel fed by " + source, feed);
        source.subscribe(feed);
        return channel;
    }

    /**
     * Waits until one of {@code clauses} can proceed, runs only that one, and returns its result: Go's
     * {@code select}, extended to Monos.
     *
     * <p><b>Threading, cancellation, backpressure.</b> Suspends the coroutine (blocks outside one; refused on an event
     * loop) until a clause is ready; when several are, one of them is picked uniformly at random, as in Go, so that no
     * ready alternative starves ({@link #selectBiased} takes the earliest instead); a select that waits offers its
     * clauses to later counterparts in a random order too, so two clauses on one channel are equally likely to be
     * taken. Only the winner takes effect: one
     * value received or sent. Every Mono clause is subscribed at the start with the coroutine's {@code Context} and
     * cancelled when the select ends; a Mono's error, if it comes first, is thrown (the same object). A receive from
     * a channel that is done throws {@link ChannelClosedException}; from one closed with an error, that error. With
     * {@link SelectClause#orElse} the select never suspends, so it is allowed on an event loop too. Cancelling the
     * coroutine cancels the select and its Monos. Pick it over {@code Flux.merge}/{@code Mono.firstWithValue} when the
     * alternatives mix channels with publishers or need different handling per winner.
     *
     * <pre>{@code
     * String next = Coro.select(
     *         urgent.onReceive(m -> "urgent: " + m),
     *         normal.onReceive(m -> "normal: " + m),
     *         SelectClause.onMono(shutdown, s -> "stop"),
     *         SelectClause.onTimeout(Duration.ofSeconds(1), () -> "idle"));
     * }</pre>
     *
     * @param clauses the alternatives, at least one
     * @param <R> the type of the result
     * @return the winning clause's result
     * @throws IllegalArgumentException with no clauses, or with more than one default
     */
    @SafeVarargs
    public static <R> @Nullable R select(SelectClause<? extends R>... clauses) {
        return Selector.select(clauses, true);
    }

    /**
     * Like {@link #select}, but when several clauses are ready the earliest in the list wins: a priority order, as
     * Kotlin's {@code select} (Go's {@code select} and {@link #select} pick at random).
     *
     * <p><b>Threading, cancellation, backpressure.</b> As {@link #select}. A clause that is always ready starves the
     * clauses after it: put the rare, urgent alternative first, and use {@link #select} for equal ones. A select that
     * waits offers its clauses to later counterparts in the same order.
     *
     * <pre>{@code
     * Command next = Coro.selectBiased(
     *         control.onReceive(c -> c),       // always drained first
     *         work.onReceive(Command::work));
     * }</pre>
     *
     * @param clauses the alternatives, at least one, in priority order
     * @param <R> the type of the result
     * @return the winning clause's result
     * @throws IllegalArgumentException with no clauses, or with more than one default
     */
    @SafeVarargs
    public static <R> @Nullable R selectBiased(SelectClause<? extends R>... clauses) {
        return Selector.select(clauses, false);
    }
}
