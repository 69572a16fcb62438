package io.flashorders.processor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.cdi.Payments;
import io.flashorders.core.money.OrderLimits;
import io.flashorders.core.order.Order;
import io.flashorders.core.order.OrderItem;
import io.flashorders.core.order.OrderStatus;
import io.flashorders.core.payment.PaymentGate;
import io.flashorders.processor.consume.OrderConsumer;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * In the server, with the processor deployed as built: PROCESSOR_WORKERS and PAYMENT_LATENCY_MS from the server's
 * environment reach MicroProfile Config and, through the processor's PaymentCapacity and the shared
 * PaymentProducer, the application's one PaymentGate; and the same PROCESSOR_WORKERS sizes the managed executor
 * the workers run on (processor.xml, {@code <concurrencyPolicy max="${processor.workers}"/>}).
 *
 * <p>One class, so the WAR is deployed once (each deployment costs 5-10 s of application start).
 */
@ExtendWith(ArquillianExtension.class)
class ProcessorWiringIT {

    /** What processor.xml and PaymentProducer default to: the environment must win. */
    private static final int DEFAULT_WORKERS = 1;
    private static final Duration DEFAULT_LATENCY = Duration.ofMillis(3000);
    /** WorkerPaymentCapacity: a worker never waits long for a permit, it holds one per worker. */
    private static final Duration WORKER_MAX_WAIT = Duration.ofSeconds(1);
    /** Long enough for an executor without the limit to start one more of the tasks it was given. */
    private static final long SETTLE_MILLIS = 500;
    private static final long TIMEOUT_SECONDS = 10;

    @Deployment
    static WebArchive deployment() {
        return ProcessorDeployment.of(ProcessorWiringIT.class);
    }

    @Inject
    PaymentGate gate;

    @Inject
    @ConfigProperty(name = "processor.workers")
    int configuredWorkers;

    @Inject
    Payments payments;

    @Inject
    OrderConsumer consumer;

    @Resource(lookup = "concurrent/paymentWorkers")
    ManagedExecutorService executor;

    @Test
    void server_startedByArquillian_hasTheEnvironmentFromServerEnv() {
        assertEquals(String.valueOf(ProcessorDeployment.expectedWorkers()), System.getenv("PROCESSOR_WORKERS"),
                "PROCESSOR_WORKERS in the server's environment (server.env)");
        assertEquals(String.valueOf(ProcessorDeployment.expectedLatency().toMillis()), System.getenv("PAYMENT_LATENCY_MS"),
                "PAYMENT_LATENCY_MS in the server's environment (server.env)");
    }

    @Test
    void configProperty_processorWorkersFromEnvironment_overridesServerDefault() {
        int expected = ProcessorDeployment.expectedWorkers();
        assertNotEquals(DEFAULT_WORKERS, expected, "the test must use a worker count other than the default");
        assertEquals(expected, configuredWorkers);
    }

    @Test
    void gate_processorWorkersFromEnvironment_hasOnePermitPerWorker() {
        assertEquals(ProcessorDeployment.expectedWorkers(), gate.permits());
        assertEquals(0, gate.busy(), "no permit held while no payment runs");
    }

    @Test
    void gate_paymentLatencyFromEnvironment_usesThatLatencyAndTheWorkersMaxWait() {
        Duration expected = ProcessorDeployment.expectedLatency();
        assertNotEquals(DEFAULT_LATENCY, expected, "the test must use a latency other than the default");
        assertEquals(expected, gate.latency());
        assertEquals(WORKER_MAX_WAIT, gate.maxWait());
    }

    @Test
    void payments_gateInjectedIntoPayments_isTheApplicationsOneGate() throws Exception {
        Order order = order("it-gate-identity");
        Thread paying = new Thread(() -> {
            try {
                payments.pay(order);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        paying.start();
        // While Payments pays, the permit it holds shows on the gate this test was given.
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        int seenBusy = 0;
        while (System.nanoTime() < deadline && seenBusy == 0) {
            seenBusy = gate.busy();
            Thread.onSpinWait();
        }
        paying.join(5_000);
        assertEquals(1, seenBusy, "permits held on the injected gate while Payments paid");
        assertEquals(0, gate.busy());
    }

    @Test
    void payments_orderPaid_returnsItCompletedAfterThePaymentLatency() throws Exception {
        Order order = order("it-order-1");

        long start = System.nanoTime();
        Order paid = payments.pay(order).order();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertEquals(OrderStatus.COMPLETED, paid.status());
        assertEquals(order.orderId(), paid.orderId());
        assertEquals(order.items(), paid.items());
        assertTrue(took.compareTo(ProcessorDeployment.expectedLatency()) >= 0,
                "a payment holds its permit for the configured latency, took " + took);
        assertTrue(took.compareTo(DEFAULT_LATENCY) < 0, "the default latency was not used, took " + took);
    }

    @Test
    void consumer_processorWorkersFromEnvironment_sizesItsWorkerPool() {
        assertEquals(ProcessorDeployment.expectedWorkers(), consumer.workers());
        assertTrue(consumer.isRunning(), "the receiver thread runs (and retries) while no queue server is reachable");
    }

    @Test
    void executor_threeTimesMoreTasksThanWorkers_runsExactlyOneTaskPerWorkerAtOnce() throws Exception {
        int workers = ProcessorDeployment.expectedWorkers();
        int tasks = workers * 3;
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch allWorkersBusy = new CountDownLatch(workers);
        CountDownLatch overLimit = new CountDownLatch(1);

        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            futures.add(executor.submit(() -> {
                int now = running.incrementAndGet();
                peak.accumulateAndGet(now, Math::max);
                allWorkersBusy.countDown();
                if (now > workers) {
                    overLimit.countDown();
                }
                try {
                    if (!release.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("never released");
                    }
                    completed.incrementAndGet();
                } finally {
                    running.decrementAndGet();
                }
                return null;
            }));
        }
        try {
            assertTrue(allWorkersBusy.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "a task running on every worker");
            // An absence cannot be awaited: an executor without the limit starts a submitted task within
            // milliseconds, so SETTLE_MILLIS without one more task starting is the evidence, and one starting ends
            // the wait at once.
            assertFalse(overLimit.await(SETTLE_MILLIS, TimeUnit.MILLISECONDS),
                    "more tasks running at once than workers while all " + tasks + " wait to be released: " + running.get());
            assertEquals(workers, running.get(), "tasks running at once while all " + tasks + " wait to be released");
        } finally {
            release.countDown();
        }
        for (Future<?> future : futures) {
            future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }

        assertEquals(tasks, completed.get(), "every task ran");
        assertEquals(workers, peak.get(), "most tasks ever running at once");
    }

    private static Order order(String id) {
        return new Order(id, 42L, OrderStatus.PROCESSING, OrderLimits.DEFAULT_CURRENCY, List.of(new OrderItem("sku-1", 1, new BigDecimal("9.99"))), Instant.now());
    }
}
