import dev.coro.Coro;
import dev.coro.Generator;
import dev.coro.StopIteration;

/**
 * consumer_producer.py (beside this file) ported line for line: the body of {@code consumer} is a two-way generator,
 * {@code y.yield(r)} is Python's {@code yield r}, its {@code return consumed} is Python's (PEP 380: the value rides on
 * the {@link StopIteration} of the send that ended it), and {@code send}/{@code close} are the generator's own.
 * Run it and the Python program: they print exactly the same lines (GeneratorPythonComparisonTest checks it).
 */
public class ConsumerProducer {

    static Generator<Integer, String> consumer() {
        return Coro.returningGenerator(y -> {
            String r = "";
            int consumed = 0;
            while (true) {
                Integer n = y.yield(r);
                if (n == null || n == 0) {
                    return consumed;
                }
                System.out.printf("[CONSUMER] Consuming %s...%n", n);
                consumed = consumed + 1;
                r = "200 OK";
            }
        });
    }

    static void produce(Generator<Integer, String> c) {
        c.send(null);
        int n = 0;
        while (n < 5) {
            n = n + 1;
            System.out.printf("[PRODUCER] Producing %s...%n", n);
            String r = c.send(n);
            System.out.printf("[PRODUCER] Consumer return: %s%n", r);
        }
        try {
            c.send(0);
        } catch (StopIteration e) {
            System.out.printf("[PRODUCER] Consumer consumed %s values%n", e.value());
        }
        c.close();
    }

    public static void main(String[] args) {
        Generator<Integer, String> c = consumer();
        produce(c);
    }
}
