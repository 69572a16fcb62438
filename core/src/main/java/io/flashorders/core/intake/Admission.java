package io.flashorders.core.intake;

import io.flashorders.core.store.IdempotencyRecord;
import io.flashorders.core.store.OrderRecord;

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

    /** The key's first request is still running after the wait allowed. Nothing was recorded. */
    record KeyBusy(IdempotencyRecord claim) implements Admission {
    }
}
