package io.flashorders.processor.consume;

import java.time.Duration;

/**
 * What a claimed order's payment may take at most, once claimed: the payment gate's wait, the provider's timeout, and
 * two store or queue calls (the completing write and its status event). The order store's claim lease and a
 * message's lease both have to outlast it, or a healthy payment could be taken over by a redelivery or interrupted.
 * The processor refuses to start otherwise.
 */
record LeaseBudget(Duration providerTimeout, Duration gateWait, Duration callTimeout) {

    Duration longestPayment() {
        return providerTimeout.plus(gateWait).plus(callTimeout.multipliedBy(2));
    }

    /** @throws IllegalStateException when the claim lease or the lease's maximum age does not outlast a payment */
    void require(Duration claimLease, Duration leaseMaxAge) {
        Duration payment = longestPayment();
        if (claimLease.compareTo(payment) <= 0 || leaseMaxAge.compareTo(payment) <= 0) {
            throw new IllegalStateException("processor.claim-lease.ms (" + claimLease.toMillis() + ") and processor.lease.max-age.ms ("
                    + leaseMaxAge.toMillis() + ") must each exceed the longest payment, " + payment.toMillis()
                    + " ms: payment.provider.timeout.ms (" + providerTimeout.toMillis() + ") + the payment gate's wait ("
                    + gateWait.toMillis() + ") + 2 x aws.call-timeout.ms (" + callTimeout.toMillis() + ")");
        }
    }
}
