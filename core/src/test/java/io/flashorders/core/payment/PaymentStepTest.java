package io.flashorders.core.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.core.money.OrderLimits;
import io.flashorders.core.order.NewOrder;
import io.flashorders.core.order.Order;
import io.flashorders.core.order.OrderItem;
import io.flashorders.core.order.OrderStatus;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PaymentStepTest {

    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final PaymentLedger ledger = new PaymentLedger();

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
        assertEquals(order.orderId(), payment.charge().idempotencyKey());
        assertEquals(new BigDecimal("40.00"), payment.charge().amount());
        assertEquals(order.orderId(), payment.charge().orderId());
        assertEquals(List.of(payment.charge()), ledger.charges());
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
        assertEquals(first.charge(), second.charge(), "the first payment is returned");
        assertEquals(OrderStatus.COMPLETED, second.order().status());
        assertEquals(1, ledger.charges().size(), "charged once");
        assertTrue(took.compareTo(Duration.ofMillis(300)) < 0, "a repeat does not go through the provider again: " + took);
    }

    @Test
    void pay_sameOrderWhilePaying_refusesTheSecondWithoutCharging() throws Exception {
        // The provider draws the charge's latency once it holds the key: from then on the key is in use.
        CountDownLatch keyClaimed = new CountDownLatch(1);
        SimulatedPaymentProvider provider = new SimulatedPaymentProvider(ProviderSimulation.steady(Duration.ofMillis(500)), ledger, () -> {
            keyClaimed.countDown();
            return 0.5;
        });
        PaymentStep step = new PaymentStep(new PaymentGate(2, Duration.ofMillis(500), Duration.ofSeconds(10)), provider);
        Order order = order(new OrderItem("sku-1", 1, BigDecimal.ONE));
        Future<Payment> first = callers.submit(() -> step.pay(order));
        assertTrue(keyClaimed.await(10, TimeUnit.SECONDS));

        assertThrows(PaymentInProgressException.class, () -> step.pay(order));
        assertFalse(first.get().alreadyPaid());
        assertEquals(1, ledger.charges().size());
        assertTrue(step.pay(order).alreadyPaid(), "once the first ends, a repeat is answered from the ledger");
    }

    @Test
    void pay_gateBusy_leavesNoTraceSoTheOrderCanBePaidLater() throws Exception {
        PaymentStep step = new PaymentStep(new PaymentGate(1, Duration.ofMillis(400), Duration.ofMillis(20)), provider(Duration.ofMillis(400)));
        Future<Payment> holder = callers.submit(() -> step.pay(order(new OrderItem("sku-1", 1, BigDecimal.ONE))));
        while (step.gate().busy() == 0) {
            Thread.onSpinWait();
        }
        Order turnedAway = order(new OrderItem("sku-2", 1, BigDecimal.ONE));

        assertThrows(GateBusyException.class, () -> step.pay(turnedAway));
        holder.get();
        assertTrue(ledger.find(turnedAway.orderId()).isEmpty(), "nothing recorded for a payment that did not happen");
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

        assertEquals(orders.size(), ledger.charges().size(), "one ledger entry per order, however many deliveries");
    }

    @Test
    void pay_providerFails_leavesNoChargeAndPaysOnTheNextTry() throws Exception {
        double[] draws = {0.5, 0.1, 0.5, 0.9};  // latency draw, failure draw (fails below 0.2), then again
        int[] next = {0};
        SimulatedPaymentProvider failingOnce = new SimulatedPaymentProvider(
                new ProviderSimulation(Duration.ofMillis(1), Duration.ZERO, 0.2), ledger, () -> draws[next[0]++]);
        PaymentStep step = new PaymentStep(new PaymentGate(1, Duration.ofMillis(1), Duration.ofSeconds(1)), failingOnce);
        Order order = order(new OrderItem("sku-1", 1, BigDecimal.ONE));

        assertThrows(PaymentFailedException.class, () -> step.pay(order));
        assertTrue(ledger.find(order.orderId()).isEmpty(), "a failed charge leaves no trace");
        assertEquals(0, step.gate().busy(), "the permit is given back after a failure");

        assertFalse(step.pay(order).alreadyPaid());
        assertEquals(new ProviderStats(2, 1, 0, 0, 1, 0), failingOnce.stats());
    }

    private PaymentStep step(int permits, Duration latency) {
        return new PaymentStep(new PaymentGate(permits, latency, Duration.ofSeconds(10)), provider(latency));
    }

    private SimulatedPaymentProvider provider(Duration latency) {
        return new SimulatedPaymentProvider(ProviderSimulation.steady(latency), ledger, Math::random);
    }

    private static Order order(OrderItem... items) {
        return new NewOrder(42, OrderLimits.DEFAULT_CURRENCY, List.of(items)).accept(Clock.systemUTC());
    }
}
