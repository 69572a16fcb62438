package io.flashorders.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A client's {@code Idempotency-Key}, claimed by the first request that carried it.
 *
 * @param requestHash what that request asked for ({@link io.flashorders.core.intake.RequestFingerprint}): a request
 *                    with the same key must ask for the same thing
 * @param orderId     the order that first request created
 * @param expiresAt   from then on the key may be claimed again (and DynamoDB's TTL may delete it); kept to the
 *                    second, rounded up, as DynamoDB's TTL counts time
 */
public record IdempotencyRecord(String key, String requestHash, String orderId, Instant createdAt, Instant expiresAt) {

    public IdempotencyRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(requestHash, "requestHash");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (expiresAt.getNano() != 0) {
            expiresAt = Instant.ofEpochSecond(expiresAt.getEpochSecond() + 1);
        }
    }

    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
