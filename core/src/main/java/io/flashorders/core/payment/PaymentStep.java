package io.flashorders.core.payment;

import io.flashorders.core.order.Order;
import io.flashorders.core.order.OrderStatus;
import java.util.Objects;

/**
 * Pays for an order through the gate, at most once per order: the order id is the idempotency key sent to the
 * provider, so a message delivered twice or an event retried is answered with the first charge, never a second one.
 * The one piece of processing that the sync endpoint, the queue processor and the Lambda share.
 */
public final class PaymentStep implements Payer {

    private final PaymentGate gate;
    private final PaymentProvider provider;

    public PaymentStep(PaymentGate gate, PaymentProvider provider) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    /**
     * @throws GateBusyException no permit came free in time; nothing was charged
     * @throws PaymentInProgressException the same order is being paid right now; nothing was charged
     * @throws PaymentFailedException the provider failed; paying again later is safe
     * @throws PaymentDeclinedException the provider declined for good; the order fails
     */
    @Override
    public Payment pay(Order order)
            throws GateBusyException, PaymentInProgressException, PaymentFailedException, PaymentDeclinedException, InterruptedException {
        ChargeResult result;
        try (PaymentGate.Permit permit = gate.acquire(order.orderId())) {
            result = provider.charge(new ChargeRequest(order.orderId(), order.orderId(), order.total()));
        }
        return new Payment(order.withStatus(OrderStatus.COMPLETED), result.charge(), result.replayed());
    }

    public PaymentGate gate() {
        return gate;
    }

    public PaymentProvider provider() {
        return provider;
    }
}
