package io.flashorders.core.intake;

import io.flashorders.core.store.IdempotencyRecord;
import io.flashorders.core.store.OrderRecord;
import java.time.Duration;
import java.util.Objects;

/** What {@link OrderIntake#admit} made of a request. */
public sealed interface Admission {

    /** A new order, recorded as pending (with the request's key, when it had one): carry on with it. */
    record Fresh(OrderRecord order) implements Admission {
    }

    /**
     * The key was used before for the same request, which has been answered: answer the same again, from the order
     * it created (not queued or paid again).
     */
    record Replay(OrderRecord original) implements Admission {
    }

    /** The key was used before for a different request. Nothing was recorded. */
    record KeyReused(IdempotencyRecord claim) implements Admission {
    }

    /**
     * The key's first sync request ended without knowing whether it paid (it died, or lost the provider's answer), and
     * this request now holds its order: pay it again under the same order id, which the provider answers with the
     * charge it made, if it made one.
     */
    record Resume(OrderRecord order) implements Admission {
    }

    /**
     * The key's first request is still running after the wait allowed. Nothing was recorded.
     *
     * @param retryAfter when to ask again: for a sync order, when it will have been settled at the latest
     */
    record KeyBusy(IdempotencyRecord claim, Duration retryAfter) implements Admission {

        public KeyBusy {
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }
}
