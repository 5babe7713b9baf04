import static dev.coro.Coro.await;

import dev.coro.Channel;
import dev.coro.Coro;
import dev.coro.SelectClause;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Go's fan-out / fan-in with coroutines and channels:
 *
 * <pre>
 *   jobs (fed by a Flux) --> worker 1 --\
 *                        --> worker 2 ---+--> results --> main (select with a heartbeat timeout)
 *                        --> worker 3 --/
 * </pre>
 *
 * The Go original would be {@code for j := range jobs { results <- square(j) }} in three goroutines and a
 * {@code sync.WaitGroup} closing {@code results}; here the WaitGroup is a structured scope.
 */
public class FanInFanOut {

    record Result(int job, int square, String worker) {}

    public static void main(String[] args) {
        // Fan-out source: a publisher drained into a channel, at most 4 jobs requested ahead of the workers.
        Channel<Integer> jobs = Coro.channel(Flux.range(1, 20), 4);
        Channel<Result> results = Coro.channel(8);

        // Three workers share the jobs channel; when all are done, the results channel is closed (Go: wg.Wait()).
        Coro.mono(() -> {
                    try {
                        return Coro.scope(scope -> {
                            for (int w = 1; w <= 3; w++) {
                                String name = "worker-" + w;
                                scope.fork(() -> {
                                    for (int job : jobs) {
                                        // Stands for an asynchronous call, e.g. a WebClient request.
                                        int square = await(Mono.fromCallable(() -> job * job));
                                        results.send(new Result(job, square, name));
                                    }
                                    return null;
                                });
                            }
                            return null;
                        });
                    } finally {
                        results.done();
                    }
                })
                .subscribe();

        // Fan-in: one consumer, with a select so that a stalled pipeline would be noticed.
        Map<Integer, Integer> squares = new TreeMap<>();
        int received = 0;
        while (received < 20) {
            Result r = Coro.select(
                    results.onReceive(result -> result),
                    SelectClause.onTimeout(Duration.ofSeconds(10), () -> null));
            if (r == null) {
                System.out.println("stalled: no result within 10 s");
                return;
            }
            squares.put(r.job(), r.square());
            received++;
        }
        System.out.println("received " + received + " results from 3 workers");
        System.out.println("squares: " + squares.values());
        System.out.println("sum: " + squares.values().stream().mapToInt(Integer::intValue).sum());
        System.out.println("results channel done: " + (results.receiveOrNull() == null));
    }
}
