package dev.coro.sample.lab;

/**
 * One point of a lab run, as the page plots it.
 *
 * @param run the run's number
 * @param variant the variant exercised
 * @param endpoint the endpoint exercised
 * @param seq the point's number within the run
 * @param elapsedMillis time since the run started
 * @param sent requests sent
 * @param inFlight requests in flight
 * @param done requests answered
 * @param errors requests failed
 * @param p50Millis median latency of the answers since the previous point
 * @param p99Millis 99th percentile latency of the answers since the previous point
 * @param finished whether the run has ended
 * @param cancelled whether the run was cancelled
 * @param errorCauses failed requests by cause, e.g. {@code HTTP 504}
 */
record LabProgress(
        long run,
        String variant,
        String endpoint,
        long seq,
        long elapsedMillis,
        long sent,
        long inFlight,
        long done,
        long errors,
        double p50Millis,
        double p99Millis,
        boolean finished,
        boolean cancelled,
        java.util.Map<String, Long> errorCauses) {}
