package dev.coro;

import java.util.ArrayList;
import java.util.List;

/** An ordered record of events from several threads: tests assert it to show where each side suspends. */
final class Trail {

    private final List<String> events = new ArrayList<>();

    synchronized void add(String event) {
        events.add(event);
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }
}
