package io.flashorders.core.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PaymentGateTest {

    private static final Order ORDER = new NewOrder(1, OrderLimits.DEFAULT_CURRENCY, List.of(new OrderItem("sku", 1, BigDecimal.ONE))).accept(Clock.systemUTC());

    @Test
    void acquire_moreCallersThanPermits_neverExceedsPermitsAtOnce() throws Exception {
        PaymentGate gate = new PaymentGate(2, Duration.ofMillis(100), Duration.ofSeconds(10));
        AtomicInteger peak = new AtomicInteger();
        ExecutorService callers = Executors.newFixedThreadPool(6);
        ExecutorService sampler = Executors.newSingleThreadExecutor();
        CountDownLatch done = new CountDownLatch(6);
        sampler.submit(() -> {
            while (done.getCount() > 0) {
                peak.accumulateAndGet(gate.busy(), Math::max);
                Thread.onSpinWait();
            }
        });

        long start = System.nanoTime();
        List<Future<?>> payments = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            payments.add(callers.submit(() -> {
                try (PaymentGate.Permit permit = gate.acquire(ORDER.orderId())) {
                    Thread.sleep(100);
                    return null;
                } finally {
                    done.countDown();
                }
            }));
        }
        for (Future<?> payment : payments) {
            payment.get();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        callers.shutdown();
        sampler.shutdown();

        assertEquals(2, peak.get(), "permits held at once");
        // 6 payments through 2 permits at 100 ms each take at least 3 rounds.
        assertTrue(elapsed.toMillis() >= 300, "6 payments took only " + elapsed.toMillis() + " ms");
        assertEquals(0, gate.busy());
    }

    @Test
    void acquire_allPermitsBusyLongerThanMaxWait_throwsWithRetryAfter() throws Exception {
        PaymentGate gate = new PaymentGate(1, Duration.ofMillis(1_500), Duration.ofMillis(50));
        PaymentGate.Permit held = gate.acquire(ORDER.orderId());

        GateBusyException e = assertThrows(GateBusyException.class, () -> gate.acquire(ORDER.orderId()));

        assertEquals(Duration.ofSeconds(2), e.retryAfter());
        held.close();
        assertEquals(0, gate.busy());
    }

    @Test
    void acquire_permitFreesWithinMaxWait_waitsForIt() throws Exception {
        PaymentGate gate = new PaymentGate(1, Duration.ofMillis(100), Duration.ofSeconds(10));
        PaymentGate.Permit held = gate.acquire(ORDER.orderId());
        ExecutorService holder = Executors.newSingleThreadExecutor();
        AtomicBoolean givenBack = new AtomicBoolean();
        holder.submit(() -> {
            Thread.sleep(100);
            givenBack.set(true);
            held.close();
            return null;
        });

        try (PaymentGate.Permit second = gate.acquire(ORDER.orderId())) {
            assertTrue(givenBack.get(), "the second permit came only once the first was given back");
        }
        holder.shutdown();
    }

    @Test
    void close_calledTwice_givesThePermitBackOnce() throws Exception {
        PaymentGate gate = new PaymentGate(2, Duration.ZERO, Duration.ZERO);
        PaymentGate.Permit permit = gate.acquire(ORDER.orderId());
        PaymentGate.Permit other = gate.acquire(ORDER.orderId());

        permit.close();
        permit.close();

        assertEquals(1, gate.busy(), "the other permit is still held");
        other.close();
    }

    @Test
    void constructor_zeroPermits_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> new PaymentGate(0, Duration.ZERO, Duration.ZERO));
    }

    @Test
    void retryAfter_subSecondLatency_roundsUpToOneSecond() {
        assertEquals(Duration.ofSeconds(1), new PaymentGate(1, Duration.ofMillis(100), Duration.ZERO).retryAfter());
        assertEquals(Duration.ofSeconds(3), new PaymentGate(1, Duration.ofSeconds(3), Duration.ZERO).retryAfter());
    }

    @Test
    void resize_grown_letsMorePaymentsRunAtOnce() throws Exception {
        PaymentGate gate = new PaymentGate(1, Duration.ZERO, Duration.ZERO);
        gate.acquire(ORDER.orderId());

        gate.resize(3);

        gate.acquire(ORDER.orderId());
        gate.acquire(ORDER.orderId());
        assertEquals(3, gate.busy());
        assertEquals(3, gate.permits());
        assertThrows(GateBusyException.class, () -> gate.acquire(ORDER.orderId()), "a fourth payment on three permits");
    }

    @Test
    void resize_cutWhilePermitsHeld_keepsThemAndAdmitsNoneUntilBelowTheNewCount() throws Exception {
        PaymentGate gate = new PaymentGate(3, Duration.ZERO, Duration.ZERO);
        PaymentGate.Permit first = gate.acquire(ORDER.orderId());
        PaymentGate.Permit second = gate.acquire(ORDER.orderId());
        gate.acquire(ORDER.orderId());

        gate.resize(1);

        assertEquals(3, gate.busy(), "the running payments keep their permits");
        first.close();
        assertThrows(GateBusyException.class, () -> gate.acquire(ORDER.orderId()), "two still held, one allowed");
        second.close();
        assertThrows(GateBusyException.class, () -> gate.acquire(ORDER.orderId()), "one still held, one allowed");
        assertEquals(1, gate.busy());
    }

    @Test
    void resize_toZero_isRejectedAndChangesNothing() {
        PaymentGate gate = new PaymentGate(2, Duration.ZERO, Duration.ZERO);

        assertThrows(IllegalArgumentException.class, () -> gate.resize(0));
        assertEquals(2, gate.permits());
    }
}
