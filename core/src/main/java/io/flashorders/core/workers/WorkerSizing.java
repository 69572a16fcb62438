package io.flashorders.core.workers;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How many workers a processor needs, from what it can measure (Little's law): enough to keep up with the messages
 * arriving, {@code arrival rate × time a worker spends on one}, plus enough to work off the backlog soon enough for
 * the oldest waiting message to be done before it is {@code targetAge} old. Evaluated every second or two.
 *
 * <ul>
 * <li>The arrival rate is what this processor received plus what the backlog grew by, per second, smoothed over the
 *     last few evaluations: received alone would only ever see the pool's own pace.</li>
 * <li>A backlog of B messages, each taking S of a worker, is done within H with {@code B·S/H} more workers. A message
 *     still waits S once a worker has it, so H is what the target leaves after that, {@code targetAge − S}, but never
 *     less than S: faster than one payment round no backlog can go.</li>
 * <li>Up at once, down slowly: the size is the largest recommendation of the last {@code scaleDownWindow}, so a dip
 *     between two bursts does not let the pool go, and a falling recommendation takes effect only once it has held
 *     for the whole window. Running payments are never cut short by a smaller size (the pool lets them finish).</li>
 * </ul>
 * Not thread-safe: one evaluator calls it.
 */
public final class WorkerSizing {

    /** Weight of the newest arrival-rate sample: with one evaluation a second, the estimate settles within seconds. */
    static final double SMOOTHING = 0.5;

    /** @param headroom spare capacity above the arrival rate, as a fraction (0.1: ten percent more workers) */
    public record Limits(int min, int max, Duration targetAge, Duration scaleDownWindow, double headroom) {
        public Limits {
            if (min < 1 || max < min) {
                throw new IllegalArgumentException("worker limits need 1 <= min <= max, were min " + min + ", max " + max);
            }
            if (targetAge.isNegative() || targetAge.isZero() || scaleDownWindow.isNegative() || headroom < 0) {
                throw new IllegalArgumentException("the target age must be positive, the scale-down window and headroom not negative");
            }
        }

        int clamp(long workers) {
            return (int) Math.max(min, Math.min(max, workers));
        }
    }

    /**
     * What one evaluation found.
     *
     * @param workers     the size the pool should have now
     * @param recommended what this evaluation alone asked for (before the scale-down window)
     * @param arrivalsPerSecond the smoothed arrival rate
     */
    public record Estimate(int workers, int recommended, double arrivalsPerSecond) {
    }

    private record Recommendation(Instant at, int workers) {
    }

    private final Deque<Recommendation> window = new ArrayDeque<>();
    private Instant lastAt;
    private long lastBacklog = -1;
    private double arrivalsPerSecond;

    /**
     * @param received    messages this processor took off the queue since the last evaluation
     * @param backlog     messages waiting on the queue now (visible), or negative when the queue could not be read
     * @param paymentTime what one message costs a worker, on average (claim, payment, completion)
     */
    public Estimate evaluate(Instant now, Limits limits, long received, long backlog, Duration paymentTime) {
        updateArrivals(now, received, backlog);
        double seconds = Math.max(0, paymentTime.toNanos() / 1e9);
        double steady = arrivalsPerSecond * seconds * (1 + limits.headroom());
        double drain = backlog > 0 && seconds > 0 ? backlog * seconds / drainHorizon(limits.targetAge(), seconds) : 0;
        int recommended = limits.clamp((long) Math.ceil(steady + drain - 1e-9));
        window.addLast(new Recommendation(now, recommended));
        while (window.size() > 1 && window.peekFirst().at().isBefore(now.minus(limits.scaleDownWindow()))) {
            window.removeFirst();
        }
        int largest = window.stream().mapToInt(Recommendation::workers).max().orElse(recommended);
        return new Estimate(limits.clamp(largest), recommended, arrivalsPerSecond);
    }

    private void updateArrivals(Instant now, long received, long backlog) {
        if (lastAt != null) {
            double seconds = Duration.between(lastAt, now).toNanos() / 1e9;
            if (seconds > 0) {
                long grown = backlog >= 0 && lastBacklog >= 0 ? backlog - lastBacklog : 0;
                double sample = Math.max(0, (received + grown) / seconds);
                arrivalsPerSecond = SMOOTHING * sample + (1 - SMOOTHING) * arrivalsPerSecond;
            }
        }
        lastAt = now;
        lastBacklog = backlog;
    }

    private static double drainHorizon(Duration targetAge, double paymentSeconds) {
        return Math.max(targetAge.toNanos() / 1e9 - paymentSeconds, paymentSeconds);
    }
}
