package io.flashorders.order.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.cdi.Payments;
import io.flashorders.core.money.OrderLimits;
import io.flashorders.core.order.Order;
import io.flashorders.core.order.OrderItem;
import io.flashorders.core.order.OrderStatus;
import io.flashorders.core.payment.GateBusyException;
import io.flashorders.core.payment.PaymentGate;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * In the server, with the order API deployed as built: ORDERS_SYNC_PERMITS and ORDERS_SYNC_MAX_WAIT_MS from the
 * server's environment reach MicroProfile Config and, through SyncPaymentCapacity and the shared PaymentProducer,
 * the application's one PaymentGate, which the sync endpoint's Payments pays through.
 */
@ExtendWith(ArquillianExtension.class)
class SyncGateWiringIT {

    /** What META-INF/microprofile-config.properties packages: the environment must win. */
    private static final int PACKAGED_PERMITS = 5;
    private static final Duration PACKAGED_MAX_WAIT = Duration.ofMillis(10_000);

    @Deployment
    static WebArchive deployment() {
        return OrderDeployment.of(SyncGateWiringIT.class);
    }

    @Inject
    PaymentGate gate;

    @Inject
    @ConfigProperty(name = "orders.sync.permits")
    int configuredPermits;

    @Inject
    @ConfigProperty(name = "orders.sync.max-wait.ms")
    long configuredMaxWaitMillis;

    @Inject
    Payments payments;

    @Test
    void configProperties_syncSettingsFromEnvironment_overridePackagedDefaults() {
        assertNotEquals(PACKAGED_PERMITS, OrderDeployment.expectedPermits(), "the test must use other permits than packaged");
        assertNotEquals(PACKAGED_MAX_WAIT, OrderDeployment.expectedMaxWait(), "the test must use another max wait than packaged");
        assertEquals(OrderDeployment.expectedPermits(), configuredPermits);
        assertEquals(OrderDeployment.expectedMaxWait().toMillis(), configuredMaxWaitMillis);
    }

    @Test
    void gate_ordersSyncPermitsFromEnvironment_hasThatManyPermits() {
        assertEquals(OrderDeployment.expectedPermits(), gate.permits());
    }

    @Test
    void gate_ordersSyncMaxWaitFromEnvironment_waitsThatLongForAPermit() {
        assertEquals(OrderDeployment.expectedMaxWait(), gate.maxWait());
        assertEquals(OrderDeployment.expectedLatency(), gate.latency());
    }

    @Test
    void payments_everyPermitBusy_turnsTheNextCallerAwayAfterTheMaxWait() throws Exception {
        int permits = OrderDeployment.expectedPermits();
        Duration maxWait = OrderDeployment.expectedMaxWait();
        Duration latency = OrderDeployment.expectedLatency();
        ExecutorService callers = Executors.newFixedThreadPool(permits);
        try {
            List<Future<Order>> holding = new ArrayList<>();
            for (int i = 0; i < permits; i++) {
                Order order = order("it-holder-" + i);
                holding.add(callers.submit(() -> payments.pay(order).order()));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (gate.busy() < permits && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(permits, gate.busy(), "every permit held by a payment in progress");

            long start = System.nanoTime();
            GateBusyException busy = assertThrows(GateBusyException.class, () -> payments.pay(order("it-turned-away")));
            Duration waited = Duration.ofNanos(System.nanoTime() - start);

            assertTrue(waited.compareTo(maxWait) >= 0, "waited the max wait for a permit, waited " + waited);
            assertTrue(waited.compareTo(latency) < 0, "gave up before a permit came free, waited " + waited);
            Duration oneLatencyInWholeSeconds = Duration.ofSeconds(Math.max(1, (latency.toMillis() + 999) / 1000));
            assertEquals(oneLatencyInWholeSeconds, busy.retryAfter(), "Retry-After: one payment's latency, in whole seconds");
            for (Future<Order> paid : holding) {
                assertEquals(OrderStatus.COMPLETED, paid.get(10, TimeUnit.SECONDS).status());
            }
        } finally {
            callers.shutdownNow();
        }
    }

    private static Order order(String id) {
        return new Order(id, 7L, OrderStatus.PENDING, OrderLimits.DEFAULT_CURRENCY, List.of(new OrderItem("sku-1", 1, new BigDecimal("9.99"))), Instant.now());
    }
}
