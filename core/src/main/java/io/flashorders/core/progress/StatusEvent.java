package io.flashorders.core.progress;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.flashorders.core.order.OrderStatus;
import io.flashorders.core.store.OrderRecord;
import io.flashorders.core.store.PaymentOutcome;
import java.time.Instant;
import java.util.Optional;

/**
 * What the processor tells a notification service when an order finishes: {@code order_completed} with the payment,
 * or {@code order_failed} with the reason. Sent at least once: a consumer keeps the first event per order id and
 * status and drops repeats.
 *
 * @param at when the order reached the status
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusEvent(String event, String orderId, long customerId, OrderStatus status, Instant at,
                          PaymentOutcome payment, String reason) {

    public static StatusEvent completed(String orderId, long customerId, Instant at, PaymentOutcome payment) {
        return new StatusEvent("order_completed", orderId, customerId, OrderStatus.COMPLETED, at, payment, null);
    }

    public static StatusEvent failed(String orderId, long customerId, Instant at, String reason) {
        return new StatusEvent("order_failed", orderId, customerId, OrderStatus.FAILED, at, null, reason);
    }

    /** The event for a finished order as the store has it; empty for a rejected order, which was never accepted. */
    public static Optional<StatusEvent> of(OrderRecord order) {
        Instant at = order.transitions().get(order.status());
        return switch (order.status()) {
            case COMPLETED -> Optional.of(completed(order.orderId(), order.order().customerId(), at,
                    order.payment().orElse(null)));
            case FAILED -> Optional.of(failed(order.orderId(), order.order().customerId(), at,
                    order.reason().orElse(null)));
            default -> Optional.empty();
        };
    }
}
