package io.flashorders.core.payment;

import io.flashorders.core.order.Order;
import io.flashorders.core.order.OrderItem;
import io.flashorders.core.order.OrderStatus;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * Pays for an order through the gate, at most once per order: the order id is the payment's idempotency key,
 * so a message delivered twice or an event retried is answered from the ledger without a second charge.
 * The one piece of processing that the sync endpoint, the queue processor and the Lambda share.
 */
public final class PaymentStep {

    private final PaymentGate gate;
    private final PaymentLedger ledger;

    public PaymentStep(PaymentGate gate, PaymentLedger ledger) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    /**
     * @throws GateBusyException no permit came free in time; nothing was charged
     * @throws PaymentInProgressException the same order is being paid right now; nothing was charged
     */
    public Payment pay(Order order) throws GateBusyException, PaymentInProgressException, InterruptedException {
        String idempotencyKey = order.orderId();
        Optional<LedgerEntry> earlier = ledger.begin(idempotencyKey);
        if (earlier.isPresent()) {
            return new Payment(order.withStatus(OrderStatus.COMPLETED), earlier.get(), true);
        }
        LedgerEntry entry;
        try {
            gate.pay(order);
            entry = ledger.complete(idempotencyKey, total(order));
        } finally {
            ledger.abandon(idempotencyKey);
        }
        return new Payment(order.withStatus(OrderStatus.COMPLETED), entry, false);
    }

    public PaymentGate gate() {
        return gate;
    }

    public PaymentLedger ledger() {
        return ledger;
    }

    static BigDecimal total(Order order) {
        BigDecimal total = BigDecimal.ZERO;
        for (OrderItem item : order.items()) {
            total = total.add(item.price().multiply(BigDecimal.valueOf(item.quantity())));
        }
        return total;
    }
}
