package io.flashorders.core.processing;

import java.util.Objects;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * The claim one delivery of a message may take on its order: an owner token of its own, so that only this delivery
 * renews or gives up the claim (a second delivery of the same order, here or in another processor, cannot), and the
 * renewal that runs with each extension of the message's visibility once the order is claimed.
 */
public final class DeliveryClaim {

    private static final Logger LOG = Logger.getLogger(DeliveryClaim.class.getName());

    private final String owner = UUID.randomUUID().toString();
    private volatile BooleanSupplier renewal;
    private volatile boolean lost;

    public String owner() {
        return owner;
    }

    /** From now on, each extension of the message's visibility also runs {@code renew} (false: the claim is gone). */
    public void renewWith(BooleanSupplier renew) {
        renewal = Objects.requireNonNull(renew, "renew");
    }

    /** Called with each extension of the message's visibility (never, where nothing extends it, as in the Lambda). */
    public void renew() {
        BooleanSupplier renew = renewal;
        if (renew != null && !lost && !renew.getAsBoolean()) {
            // The payment goes on: the provider's idempotency key answers a second payer, and the order store's
            // forward-only writes keep the first completion.
            lost = true;
            LOG.warning(() -> "claim " + owner + " could not be renewed: the order was taken over or finished meanwhile");
        }
    }
}
