package io.flashorders.core.payment;

import io.flashorders.core.order.Order;
import io.flashorders.core.order.OrderStatus;
import java.util.Objects;

/**
 * Pays for an order through the gate and returns it completed. The one piece of processing that
 * the sync endpoint, the queue processor and the Lambda share.
 */
public final class PaymentStep {

    private final PaymentGate gate;

    public PaymentStep(PaymentGate gate) {
        this.gate = Objects.requireNonNull(gate, "gate");
    }

    public Order pay(Order order) throws GateBusyException, InterruptedException {
        gate.pay(order);
        return order.withStatus(OrderStatus.COMPLETED);
    }

    public PaymentGate gate() {
        return gate;
    }
}
