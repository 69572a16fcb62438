package io.flashorders.core.concurrent;

import java.util.function.Supplier;

/**
 * Runs a short, bounded call with the thread's interrupt put off until it returns. For the calls that must still be
 * made by a worker that is being stopped (giving up a claim, sending a message back to the queue): the AWS SDK refuses
 * any call from an interrupted thread, and the interrupt is kept for the code that is meant to see it.
 */
public final class Uninterrupted {

    private Uninterrupted() {
    }

    public static <T> T call(Supplier<T> action) {
        boolean interrupted = Thread.interrupted();
        try {
            return action.get();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public static void run(Runnable action) {
        call(() -> {
            action.run();
            return null;
        });
    }
}
