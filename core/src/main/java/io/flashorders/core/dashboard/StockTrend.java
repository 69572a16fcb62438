package io.flashorders.core.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * How fast a sale's available units go: the net fall of {@code available} over the last {@code window} (units coming
 * back from expired or cancelled holds count against it), and when the sale would sell out at that pace.
 */
public final class StockTrend {

    private record Point(Instant at, long available) {
    }

    private final Duration window;
    private final Deque<Point> points = new ArrayDeque<>();

    public StockTrend(Duration window) {
        this.window = window;
    }

    public synchronized void add(Instant at, long available) {
        points.addLast(new Point(at, available));
        while (points.size() > 2 && Duration.between(points.peekFirst().at(), at).compareTo(window) > 0) {
            points.removeFirst();
        }
    }

    /** Units per second leaving {@code available}, net, over the window; 0 before two points. */
    public synchronized double depletionPerSecond() {
        if (points.size() < 2) {
            return 0;
        }
        Point first = points.peekFirst();
        Point last = points.peekLast();
        double seconds = Duration.between(first.at(), last.at()).toMillis() / 1000.0;
        return seconds <= 0 ? 0 : (first.available() - last.available()) / seconds;
    }

    /** When {@code available} reaches 0 at the current pace: now when it has, empty while it does not fall. */
    public synchronized Optional<Instant> soldOutAt() {
        if (points.isEmpty()) {
            return Optional.empty();
        }
        Point last = points.peekLast();
        if (last.available() <= 0) {
            return Optional.of(last.at());
        }
        double rate = depletionPerSecond();
        if (rate <= 0) {
            return Optional.empty();
        }
        return Optional.of(last.at().plusMillis((long) (last.available() / rate * 1000)));
    }
}
