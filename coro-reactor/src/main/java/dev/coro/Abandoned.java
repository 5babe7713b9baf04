package dev.coro;

import java.lang.ref.Cleaner;

/**
 * The one {@link Cleaner} of the library: what a user dropped without closing (a {@link Generator} nobody closed, a
 * {@link Permit} a cancelled subscriber dropped) is closed when the garbage collector finds it unreachable, as Python
 * closes a generator it collects. A safety net only: collection may come late or never, so closing explicitly stays
 * the rule.
 */
final class Abandoned {

    /** One daemon thread for the whole library; its actions only flag, interrupt or hand work to a new thread. */
    static final Cleaner CLEANER = Cleaner.create(
            Thread.ofPlatform().daemon().name("coro-abandoned-cleaner").factory());

    private Abandoned() {}
}
