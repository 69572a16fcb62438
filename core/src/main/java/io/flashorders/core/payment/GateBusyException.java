package io.flashorders.core.payment;

import java.time.Duration;

/** Every permit stayed busy for the whole allowed wait. Nothing was paid. */
public final class GateBusyException extends Exception {

    private final Duration retryAfter;

    public GateBusyException(String orderId, int permits, Duration waited, Duration retryAfter) {
        super("all " + permits + " payment permits stayed busy for " + waited.toMillis() + " ms (order " + orderId + ")");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
