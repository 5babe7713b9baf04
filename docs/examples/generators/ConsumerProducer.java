import dev.coro.Coro;
import dev.coro.Generator;

/**
 * consumer_producer.py (beside this file) ported line for line: the body of {@code consumer} is a two-way generator,
 * {@code y.yield(r)} is Python's {@code yield r}, and {@code send}/{@code close} are the generator's own.
 * Run it and the Python program: they print exactly the same lines (GeneratorPythonComparisonTest checks it).
 */
public class ConsumerProducer {

    static Generator<Integer, String> consumer() {
        return Coro.generator(y -> {
            String r = "";
            while (true) {
                Integer n = y.yield(r);
                if (n == null || n == 0) {
                    return;
                }
                System.out.printf("[CONSUMER] Consuming %s...%n", n);
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
        c.close();
    }

    public static void main(String[] args) {
        Generator<Integer, String> c = consumer();
        produce(c);
    }
}
