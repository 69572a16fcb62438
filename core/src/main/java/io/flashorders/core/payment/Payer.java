package io.flashorders.core.payment;

import io.flashorders.core.order.Order;

/** Pays for an order at most once: {@link PaymentStep} itself, or the same step counted by an application. */
@FunctionalInterface
public interface Payer {

    /**
     * @throws GateBusyException          no permit came free in time; nothing was charged
     * @throws PaymentInProgressException the same order is being paid right now; nothing was charged
     * @throws PaymentFailedException     the provider failed; paying again later is safe
     * @throws PaymentDeclinedException   the provider declined for good; the order fails
     */
    Payment pay(Order order)
            throws GateBusyException, PaymentInProgressException, PaymentFailedException, PaymentDeclinedException, InterruptedException;
}
