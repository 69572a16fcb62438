package io.flashorders.core.payment;

/**
 * A payment provider that honours idempotency keys the way Stripe's {@code Idempotency-Key} header does: a key that
 * was charged is never charged again (the first charge is replayed), a key whose charge is still running is refused
 * until it ends, a request that failed leaves nothing behind, so the same key can be tried again, and a decline is
 * kept like a charge: the same key is declined again.
 */
public interface PaymentProvider {

    /**
     * @throws PaymentInProgressException a charge under the same key is running right now; nothing was charged
     * @throws PaymentFailedException the provider failed or could not be reached; try again later with the same key. A
     *         {@link PaymentOutcomeUnknownException} when the charge may have gone through (timeout, lost answer)
     * @throws PaymentDeclinedException the provider declined the charge for good; the same key gets the same answer
     * @throws IdempotencyKeyReusedException the key was used before for a different order or amount
     */
    ChargeResult charge(ChargeRequest request)
            throws PaymentInProgressException, PaymentFailedException, PaymentDeclinedException, InterruptedException;

    /**
     * Reads the ledger under a key without charging: how an order whose payment had an unknown outcome (its caller
     * died, or the answer was lost) is settled.
     *
     * @throws PaymentFailedException the provider could not be asked; ask again later
     */
    ChargeLookup lookup(String idempotencyKey) throws PaymentFailedException, InterruptedException;
}
