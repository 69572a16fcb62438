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
import io.flashorders.core.testing.Caller;
import io.flashorders.core.testing.Parked;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PaymentGateTest {

    private static final Order ORDER = new NewOrder(1, OrderLimits.DEFAULT_CURRENCY, List.of(new OrderItem("sku", 1, BigDecimal.ONE))).accept(Clock.systemUTC());

    @Test
    void acquire_moreCallersThanPermits_neverExceedsPermitsAtOnce() throws Exception {
        PaymentGate gate = new PaymentGate(2, Duration.ofMillis(100), Duration.ofSeconds(10));
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CountDownLatch twoHeld = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> callers = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 6; i++) {
            Thread caller = new Thread(() -> {
                try (PaymentGate.Permit permit = gate.acquire(ORDER.orderId())) {
                    peak.accumulateAndGet(holding.incrementAndGet(), Math::max);
                    twoHeld.countDown();
                    release.await(); // untimed: a holder waits here, unlike a caller waiting in acquire
                    holding.decrementAndGet();
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "caller-" + i);
            callers.add(caller);
            caller.start();
        }
        assertTrue(twoHeld.await(10, TimeUnit.SECONDS), "two callers got a permit");
        // Every caller is now parked: two holders in release.await() (untimed), and the other four can only be in the
        // gate's timed wait for a permit.
        int timed = 0;
        for (Thread caller : callers) {
            Parked.await(caller);
            timed += caller.getState() == Thread.State.TIMED_WAITING ? 1 : 0;
        }
        assertEquals(2, holding.get(), "permits held while four callers wait");
        assertEquals(4, timed, "callers waiting in the gate");

        release.countDown();
        for (Thread caller : callers) {
            caller.join(10_000);
        }

        assertEquals(List.of(), failures);
        assertEquals(2, peak.get(), "permits held at once");
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
        Caller<PaymentGate.Permit> second = Caller.start("second", () -> gate.acquire(ORDER.orderId()));
        Parked.awaitTimed(second.thread()); // in the gate: the only place it can wait

        assertFalse(second.answer().isDone(), "no second permit while the first is held");
        held.close();

        try (PaymentGate.Permit permit = second.answer().get(10, TimeUnit.SECONDS)) {
            assertEquals(1, gate.busy(), "the second permit, once the first was given back");
        }
        assertEquals(0, gate.busy());
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
