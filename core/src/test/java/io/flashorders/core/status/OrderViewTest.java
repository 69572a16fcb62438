package io.flashorders.core.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.core.json.OrderJson;
import io.flashorders.core.money.Money;
import io.flashorders.core.money.OrderLimits;
import io.flashorders.core.order.Order;
import io.flashorders.core.order.OrderItem;
import io.flashorders.core.order.OrderStatus;
import io.flashorders.core.store.Channel;
import io.flashorders.core.store.OrderRecord;
import io.flashorders.core.store.PaymentOutcome;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class OrderViewTest {

    private static final Instant T0 = Instant.parse("2026-11-21T13:00:00Z");
    private static final Duration PAYMENT = Duration.ofSeconds(3);

    @Test
    void estimate_acceptedBehind100At10PerSecond_movesUpAsTheQueueIsPaid() {
        OrderRecord order = pending(OptionalLong.of(100));

        QueueEstimate atOnce = QueueEstimate.of(order, T0, 101, 10, PAYMENT);
        QueueEstimate later = QueueEstimate.of(order, T0.plusSeconds(4), 61, 10, PAYMENT);

        assertEquals(101, atOnce.position());
        assertEquals(T0.plusSeconds(10).plus(PAYMENT), atOnce.estimatedCompletionAt(), "100 ahead at 10/s, then its own payment");
        assertEquals(61, later.position());
        assertEquals(T0.plusSeconds(10).plus(PAYMENT), later.estimatedCompletionAt(), "the same moment, seen 4 s later");
    }

    @Test
    void estimate_queueShorterThanTheArithmetic_neverBehindMoreThanAreWaiting() {
        QueueEstimate estimate = QueueEstimate.of(pending(OptionalLong.of(100)), T0.plusSeconds(1), 12, 10, PAYMENT);

        assertEquals(12, estimate.position());
        assertEquals(12, estimate.depth());
    }

    @Test
    void estimate_noRateYet_hasAPositionButNoCompletionTime() {
        QueueEstimate estimate = QueueEstimate.of(pending(OptionalLong.empty()), T0, 30, 0, PAYMENT);

        assertEquals(30, estimate.position());
        assertNull(estimate.estimatedCompletionAt());
        assertFalse(OrderJson.write(estimate).contains("estimated_completion_at"));
    }

    @Test
    void view_completedOrder_listsTransitionsInOrderWithThePayment() {
        OrderRecord order = pending(OptionalLong.empty()).withQueuedAt(T0.plusMillis(8))
                .moveTo(OrderStatus.PROCESSING, T0.plusSeconds(1))
                .moveTo(OrderStatus.COMPLETED, T0.plusSeconds(4))
                .withPayment(new PaymentOutcome(Money.of(new BigDecimal("39.98"), OrderLimits.DEFAULT_CURRENCY), T0.plusSeconds(4), false));

        String json = OrderJson.write(OrderView.of(order, null));

        assertTrue(json.contains("\"status\":\"completed\""), json);
        assertTrue(json.contains("\"transitions\":[{\"status\":\"pending\",\"at\":\"2026-11-21T13:00:00Z\"},"
                + "{\"status\":\"processing\",\"at\":\"2026-11-21T13:00:01Z\"},{\"status\":\"completed\",\"at\":\"2026-11-21T13:00:04Z\"}]"), json);
        assertTrue(json.contains("\"queued_at\":\"2026-11-21T13:00:00.008Z\""), json);
        assertTrue(json.contains("\"currency\":\"USD\""), json);
        assertTrue(json.contains("\"total\":39.98"), json);
        assertTrue(json.contains("\"payment\":{\"amount\":39.98,\"currency\":\"USD\",\"paid_at\":\"2026-11-21T13:00:04Z\",\"already_paid\":false}"), json);
        assertFalse(json.contains("\"queue\""), json);
        assertFalse(json.contains("\"reason\""), json);
    }

    private static OrderRecord pending(OptionalLong depthAtAcceptance) {
        Order order = new Order("o-1", 123, OrderStatus.PENDING, OrderLimits.DEFAULT_CURRENCY,
                List.of(new OrderItem("sku-42", 2, new BigDecimal("19.99"))), T0);
        return OrderRecord.pending(order, OrderJson.write(order), Channel.ASYNC, Optional.empty(), depthAtAcceptance);
    }
}
