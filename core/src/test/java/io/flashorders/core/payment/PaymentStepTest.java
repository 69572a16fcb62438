package io.flashorders.core.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.core.order.NewOrder;
import io.flashorders.core.order.Order;
import io.flashorders.core.order.OrderItem;
import io.flashorders.core.order.OrderStatus;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PaymentStepTest {

    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    @Test
    void pay_newOrder_chargesItsTotalUnderTheOrderIdAndCompletesIt() throws Exception {
        PaymentStep step = step(1, Duration.ofMillis(1));
        Order order = order(new OrderItem("sku-1", 2, new BigDecimal("19.99")), new OrderItem("sku-2", 1, new BigDecimal("0.02")));

        Payment payment = step.pay(order);

        assertFalse(payment.alreadyPaid());
        assertEquals(OrderStatus.COMPLETED, payment.order().status());
        assertEquals(order.orderId(), payment.order().orderId());
        assertEquals(order.orderId(), payment.entry().idempotencyKey());
        assertEquals(new BigDecimal("40.00"), payment.entry().amount());
        assertEquals(List.of(payment.entry()), step.ledger().entries());
    }

    @Test
    void pay_sameOrderTwice_chargesOnceAndAnswersTheSecondFromTheLedger() throws Exception {
        PaymentStep step = step(1, Duration.ofMillis(300));
        Order order = order(new OrderItem("sku-1", 1, BigDecimal.TEN));
        Payment first = step.pay(order);

        long start = System.nanoTime();
        Payment second = step.pay(order.withStatus(OrderStatus.PROCESSING));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertTrue(second.alreadyPaid());
        assertEquals(first.entry(), second.entry(), "the first payment is returned");
        assertEquals(OrderStatus.COMPLETED, second.order().status());
        assertEquals(1, step.ledger().entries().size(), "charged once");
        assertTrue(took.compareTo(Duration.ofMillis(300)) < 0, "a repeat does not go through the provider again: " + took);
    }

    @Test
    void pay_sameOrderWhilePaying_refusesTheSecondWithoutCharging() throws Exception {
        PaymentStep step = step(2, Duration.ofMillis(500));
        Order order = order(new OrderItem("sku-1", 1, BigDecimal.ONE));
        Future<Payment> first = callers.submit(() -> step.pay(order));
        while (step.gate().busy() == 0) {
            Thread.onSpinWait();
        }

        assertThrows(PaymentInProgressException.class, () -> step.pay(order));
        assertFalse(first.get().alreadyPaid());
        assertEquals(1, step.ledger().entries().size());
        assertTrue(step.pay(order).alreadyPaid(), "once the first ends, a repeat is answered from the ledger");
    }

    @Test
    void pay_gateBusy_leavesNoTraceSoTheOrderCanBePaidLater() throws Exception {
        PaymentStep step = new PaymentStep(new PaymentGate(1, Duration.ofMillis(400), Duration.ofMillis(20)), new PaymentLedger());
        Future<Payment> holder = callers.submit(() -> step.pay(order(new OrderItem("sku-1", 1, BigDecimal.ONE))));
        while (step.gate().busy() == 0) {
            Thread.onSpinWait();
        }
        Order turnedAway = order(new OrderItem("sku-2", 1, BigDecimal.ONE));

        assertThrows(GateBusyException.class, () -> step.pay(turnedAway));
        holder.get();
        assertTrue(step.ledger().find(turnedAway.orderId()).isEmpty(), "nothing recorded for a payment that did not happen");
        assertFalse(step.pay(turnedAway).alreadyPaid(), "paid for real on the next try");
    }

    @Test
    void pay_manyOrdersAtOnce_eachPaidExactlyOnce() throws Exception {
        PaymentStep step = step(4, Duration.ofMillis(5));
        List<Order> orders = java.util.stream.IntStream.range(0, 40)
                .mapToObj(i -> order(new OrderItem("sku-" + i, 1, BigDecimal.ONE))).toList();
        List<Future<?>> attempts = new java.util.ArrayList<>();
        for (Order order : orders) {
            for (int delivery = 0; delivery < 3; delivery++) {
                attempts.add(callers.submit(() -> {
                    try {
                        return step.pay(order);
                    } catch (PaymentInProgressException e) {
                        return null;
                    }
                }));
            }
        }
        for (Future<?> attempt : attempts) {
            attempt.get();
        }

        assertEquals(orders.size(), step.ledger().entries().size(), "one ledger entry per order, however many deliveries");
    }

    private static PaymentStep step(int permits, Duration latency) {
        return new PaymentStep(new PaymentGate(permits, latency, Duration.ofSeconds(10)), new PaymentLedger());
    }

    private static Order order(OrderItem... items) {
        return new NewOrder(42, List.of(items)).accept(Clock.systemUTC());
    }
}
