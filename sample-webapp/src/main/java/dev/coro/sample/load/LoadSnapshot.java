package dev.coro.sample.load;

import java.time.Duration;

/**
 * The progress of a load run at one moment.
 *
 * @param elapsed time since the run started
 * @param sent requests started so far
 * @param inFlight requests sent and not yet answered
 * @param done requests answered with a 2xx status
 * @param errors requests that failed: error status, refused connection, timeout
 * @param maxInFlight the most requests that were in flight at once so far
 * @param p50Millis median latency of the answers since the previous snapshot, 0 without answers
 * @param p99Millis 99th percentile latency of the answers since the previous snapshot, 0 without answers
 * @param finished whether every request has ended (or the run was cancelled)
 */
public record LoadSnapshot(
        Duration elapsed,
        long sent,
        long inFlight,
        long done,
        long errors,
        long maxInFlight,
        double p50Millis,
        double p99Millis,
        boolean finished) {

    /** The live progress line: sent, in flight, done, errors, p50/p99. */
    public String line() {
        return String.format(
                "%6.1fs  sent %,d  in flight %,d  done %,d  errors %,d  p50 %.1f ms  p99 %.1f ms",
                elapsed.toMillis() / 1000.0, sent, inFlight, done, errors, p50Millis, p99Millis);
    }
}
