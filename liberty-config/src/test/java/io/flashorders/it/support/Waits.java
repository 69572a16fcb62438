package io.flashorders.it.support;

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

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
