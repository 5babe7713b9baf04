package dev.coro;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Groups a coroutine dump by place (state, awaited publisher, stack) and writes it as text: a grouped dump. */
final class CoroutineGroups {

    /** How many names a group lists: enough to find one coroutine in the flat dump, few enough to stay readable. */
    static final int NAMES = 5;

    private CoroutineGroups() {}

    /** The groups of {@code oldestFirst} (a dump, oldest coroutine first), largest first, then oldest first. */
    static List<CoroutineGroup> of(List<CoroutineInfo> oldestFirst) {
        Map<Place, List<CoroutineInfo>> byPlace = new LinkedHashMap<>();
        for (CoroutineInfo info : oldestFirst) {
            byPlace.computeIfAbsent(Place.of(info), p -> new ArrayList<>()).add(info);
        }
        List<CoroutineGroup> groups = new ArrayList<>(byPlace.size());
        byPlace.forEach((place, members) -> {
            List<String> names = new ArrayList<>(Math.min(NAMES, members.size()));
            for (int i = 0; i < members.size() && i < NAMES; i++) {
                names.add(members.get(i).name());
            }
            groups.add(new CoroutineGroup(
                    members.size(),
                    place.state,
                    place.awaiting,
                    place.stack,
                    members.get(0).age(),
                    List.copyOf(names)));
        });
        // Stable: equal counts keep the map's order, which is the order of each group's oldest coroutine.
        groups.sort(Comparator.comparingInt(CoroutineGroup::count).reversed());
        return groups;
    }

    /** A text dump of {@code groups}: a header line, then per group a line and its stack, as jstack writes one. */
    static String text(String schedulerName, Instant at, List<CoroutineGroup> groups) {
        int live = 0;
        for (CoroutineGroup g : groups) {
            live += g.count();
        }
        StringBuilder out = new StringBuilder(256 + groups.size() * 1024);
        out.append("Coroutine dump of scheduler '")
                .append(schedulerName)
                .append("' at ")
                .append(at)
                .append(": ")
                .append(live)
                .append(live == 1 ? " live coroutine in " : " live coroutines in ")
                .append(groups.size())
                .append(groups.size() == 1 ? " group" : " groups")
                .append(", largest first\n");
        for (CoroutineGroup g : groups) {
            out.append('\n').append(g.count()).append(g.count() == 1 ? " coroutine " : " coroutines ");
            out.append(g.state());
            if (g.awaiting() != null) {
                out.append(" awaiting ").append(g.awaiting());
            }
            out.append(", oldest ").append(seconds(g.oldestAge())).append(": ").append(String.join(", ", g.names()));
            if (g.count() > g.names().size()) {
                out.append(" and ").append(g.count() - g.names().size()).append(" more");
            }
            out.append('\n');
            for (StackTraceElement frame : g.stackTrace()) {
                out.append("\tat ").append(frame).append('\n');
            }
        }
        return out.toString();
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f s", d.toNanos() / 1e9);
    }

    /**
     * Where a coroutine is. Joins of different forks are one place: the joined fork's name is in each coroutine's own
     * entry of the flat dump, and keeping it here would give every request its own group.
     */
    private record Place(CoroutineState state, @Nullable String awaiting, List<StackTraceElement> stack) {

        static Place of(CoroutineInfo info) {
            String awaiting = info.awaiting();
            if (awaiting != null && awaiting.startsWith(ScopeFork.JOIN)) {
                awaiting = ScopeFork.JOIN;
            }
            return new Place(info.state(), awaiting, info.stackTrace());
        }
    }
}
