package dev.coro;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs jcstress ({@code org.openjdk.jcstress.Main}) with the given arguments and exits non-zero when a test failed
 * (a FORBIDDEN outcome) or ended in an error: jcstress itself reports those but exits 0, so the build could not fail
 * on them. Its console output still goes to the console; this only reads its final tally.
 */
public final class JcstressRun {

    private static final Pattern TALLY = Pattern.compile(
            "Results: (\\d+) planned; (\\d+) passed, (\\d+) failed, (\\d+) soft errs, (\\d+) hard errs");

    private JcstressRun() {}

    public static void main(String[] args) throws Exception {
        PrintStream console = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(new Tee(console, captured), true, StandardCharsets.UTF_8));
        try {
            org.openjdk.jcstress.Main.main(args);
        } finally {
            System.out.flush();
            System.setOut(console);
        }
        Matcher m = TALLY.matcher(captured.toString(StandardCharsets.UTF_8));
        String last = null;
        long planned = 0, passed = 0, failed = 0, soft = 0, hard = 0;
        while (m.find()) {
            last = m.group();
            planned = Long.parseLong(m.group(1));
            passed = Long.parseLong(m.group(2));
            failed = Long.parseLong(m.group(3));
            soft = Long.parseLong(m.group(4));
            hard = Long.parseLong(m.group(5));
        }
        if (last == null) {
            fail("jcstress printed no result tally: did it run any test? Check the -t filter and the output above");
        }
        if (failed > 0 || soft > 0 || hard > 0 || passed < planned || planned == 0) {
            fail("jcstress: " + last + ". A failed test saw a FORBIDDEN outcome (a race the state machine must rule "
                    + "out); the per-test report is under target/jcstress-results");
        }
        console.println("jcstress: every test passed (" + last + ")");
        System.exit(0); // jcstress leaves non-daemon threads behind
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(1);
    }

    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }
}
