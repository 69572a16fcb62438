package io.flashorders.processor.consume;

import java.time.Duration;

/**
 * How long a message whose payment failed stays away before it is received again: {@code first}, doubled with each
 * receive, at most {@code max}. Rounded up to whole seconds, the unit SQS counts visibility in.
 */
record RetryBackoff(Duration first, Duration max) {

    RetryBackoff {
        if (first.isNegative() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("retry back-off must be 0 <= first <= max, was " + first + " and " + max);
        }
    }

    /** @param receiveCount how many times the message has been received, this time included (1 the first time) */
    Duration after(int receiveCount) {
        int doublings = Math.min(Math.max(receiveCount, 1) - 1, 30);
        long millis = Math.min(max.toMillis(), first.toMillis() << doublings);
        return Duration.ofSeconds((millis + 999) / 1000);
    }
}
