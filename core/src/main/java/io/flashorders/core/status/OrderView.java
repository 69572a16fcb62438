package io.flashorders.core.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.flashorders.core.order.OrderItem;
import io.flashorders.core.order.OrderStatus;
import io.flashorders.core.store.OrderRecord;
import io.flashorders.core.store.PaymentOutcome;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /orders/{id}}: the order, its currency and total (the amount charged), its status, when it reached each
 * status (in the order reached), when it was queued, the payment's outcome once paid, why it was rejected or failed,
 * and while it waits on the queue, where it stands there. Fields without a value are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderView(String orderId, long customerId, OrderStatus status, Currency currency, List<OrderItem> items,
                        BigDecimal total, Instant createdAt,
                        List<Transition> transitions, Instant queuedAt, PaymentOutcome payment, String reason,
                        QueueEstimate queue) {

    /** The order reached {@code status} at {@code at}. */
    public record Transition(OrderStatus status, Instant at) {
    }

    /** @param queue the estimate for a pending async order, else null */
    public static OrderView of(OrderRecord order, QueueEstimate queue) {
        List<Transition> transitions = new ArrayList<>();
        for (Map.Entry<OrderStatus, Instant> reached : order.transitions().entrySet()) {
            transitions.add(new Transition(reached.getKey(), reached.getValue())); // EnumMap: in the order of the life cycle
        }
        return new OrderView(order.orderId(), order.order().customerId(), order.status(), order.order().currency(),
                order.order().items(), order.order().total().amount(), order.order().createdAt(), List.copyOf(transitions), order.queuedAt().orElse(null),
                order.payment().orElse(null), order.reason().orElse(null), queue);
    }
}
