package io.flashorders.core.payment;

/** An idempotency key sent again with a different order or amount: the provider refuses it rather than guess. */
public final class IdempotencyKeyReusedException extends IllegalArgumentException {

    public IdempotencyKeyReusedException(String idempotencyKey) {
        super("idempotency key " + idempotencyKey + " was used before for a different order or amount");
    }
}
