package dev.coro;

import reactor.core.publisher.Mono;

/** The clean-up functions {@code Mono.usingWhen} takes, for every way a guarded Mono can end. */
final class PermitRelease {

    private PermitRelease() {}

    static Mono<Void> release(Permit permit) {
        return Mono.fromRunnable(permit::close);
    }

    static Mono<Void> release(Permit permit, Throwable error) {
        return release(permit);
    }
}
