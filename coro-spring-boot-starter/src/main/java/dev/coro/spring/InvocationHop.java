package dev.coro.spring;

import java.util.concurrent.RejectedExecutionException;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.util.concurrent.Queues;

/**
 * A one-request {@link Scheduler} that hands every task to the coroutine reading {@link #tasks()}, so that WebFlux's
 * {@code InvocableHandlerMethod}, given it as invocation scheduler, calls the controller method on that coroutine's
 * thread however its arguments arrived (a request body is decoded on an event loop).
 *
 * <p>Tasks come from one {@code publishOn}, whose signals are serial (§1.3), so the unicast sink never sees two
 * emitters at once.
 */
final class InvocationHop implements Scheduler {

    // InvocableHandlerMethod publishes one invocation per request: a small queue, not the default 256-slot one.
    private final Sinks.Many<Runnable> tasks = Sinks.many()
            .unicast()
            .onBackpressureBuffer(Queues.<Runnable>unbounded(8).get());

    Flux<Runnable> tasks() {
        return tasks.asFlux();
    }

    @Override
    public Disposable schedule(Runnable task) {
        Task t = new Task(task);
        if (tasks.tryEmitNext(t).isFailure()) {
            // Reactor turns this into an error signal of the publishOn: the request is already over.
            throw new RejectedExecutionException("The coroutine of this request has ended");
        }
        return t;
    }

    @Override
    public Worker createWorker() {
        return new Worker() {
            private volatile boolean disposed;

            @Override
            public Disposable schedule(Runnable task) {
                if (disposed) {
                    throw new RejectedExecutionException("Worker disposed");
                }
                return InvocationHop.this.schedule(task);
            }

            @Override
            public void dispose() {
                disposed = true;
            }

            @Override
            public boolean isDisposed() {
                return disposed;
            }
        };
    }

    /** A task that is skipped when disposed before the coroutine gets to it. */
    private static final class Task implements Runnable, Disposable {

        private final Runnable task;
        private volatile boolean disposed;

        Task(Runnable task) {
            this.task = task;
        }

        @Override
        public void run() {
            if (!disposed) {
                task.run();
            }
        }

        @Override
        public void dispose() {
            disposed = true;
        }

        @Override
        public boolean isDisposed() {
            return disposed;
        }
    }
}
