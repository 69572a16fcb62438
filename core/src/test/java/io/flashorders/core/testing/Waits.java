package io.flashorders.core.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

public final class Waits {

    private Waits() {
    }

    /** Polls every 50 ms until the condition holds; fails the test with its description after the timeout. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(what, timeout, Duration.ofMillis(50), condition);
    }

    public static void until(String what, Duration timeout, Duration every, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("still not " + what + " after " + timeout.toSeconds() + " s", e);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still not " + what + " after " + timeout.toSeconds() + " s");
            }
            sleep(every);
        }
    }

    /**
     * Checks every {@code every} for {@code duration} that the condition still holds, and fails the moment it does not:
     * for an absence that only time can show (no late duplicate), stated as what must stay true.
     */
    public static void holdsFor(String what, Duration duration, Duration every, BooleanSupplier condition) {
        long end = System.nanoTime() + duration.toNanos();
        do {
            if (!condition.getAsBoolean()) {
                throw new AssertionError("no longer " + what);
            }
            sleep(every);
        } while (System.nanoTime() < end);
        if (!condition.getAsBoolean()) {
            throw new AssertionError("no longer " + what);
        }
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
