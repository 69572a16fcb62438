package io.flashorders.it.support;

import io.flashorders.core.payment.ProviderSimulation;
import io.flashorders.local.LocalPaymentProvider;
import io.flashorders.local.LocalQueueServer;
import io.flashorders.local.QueueDefinitions;
import java.time.Duration;

/**
 * The system under test: the Liberty server the build started (both WARs), and the queue server and payment
 * provider, which the tests own so that they can take them away, inject failures and read the provider's ledger. Settings come from the build (liberty-config/pom.xml),
 * the one place where the test server's configuration is written down.
 */
public final class TestSystem {

    public static final int HTTP_PORT = Integer.parseInt(setting("it.http.port"));
    public static final int QUEUE_PORT = Integer.parseInt(setting("it.queue.port"));
    public static final int WORKERS = Integer.parseInt(setting("it.processor.workers"));
    public static final Duration PAYMENT_LATENCY = Duration.ofMillis(Long.parseLong(setting("it.payment.latency.ms")));
    public static final int SYNC_PERMITS = Integer.parseInt(setting("it.sync.permits"));
    public static final Duration SYNC_MAX_WAIT = Duration.ofMillis(Long.parseLong(setting("it.sync.max-wait.ms")));
    public static final int PAYMENT_PORT = Integer.parseInt(setting("it.payment.port"));
    public static final int VISIBILITY_TIMEOUT_SECONDS = Integer.parseInt(setting("it.queue.visibility.s"));
    /** The payment provider as the server is told it behaves; tests that change it put this back. */
    public static final ProviderSimulation PAYMENT = ProviderSimulation.steady(PAYMENT_LATENCY);

    public static final String ORDER_QUEUE = "order-processing-queue";
    public static final String DEAD_LETTER_QUEUE = "order-processing-dlq";

    private static LocalQueueServer queueServer;
    private static LocalPaymentProvider paymentProvider;

    private TestSystem() {
    }

    /** The test server's settings come from the build alone, so that tests and server cannot disagree. */
    private static String setting(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException(name + " is not set: run the end-to-end tests through Maven (mvn verify)");
        }
        return value;
    }

    /** Starts the queue server once per test run, and waits until the server reports ready. */
    public static synchronized LocalQueueServer queueServer() {
        if (queueServer == null) {
            queueServer = LocalQueueServer.start(QUEUE_PORT,
                    QueueDefinitions.load().withVisibilityTimeout(ORDER_QUEUE, VISIBILITY_TIMEOUT_SECONDS));
            Runtime.getRuntime().addShutdownHook(new Thread(queueServer::stop));
        } else if (!queueServer.isRunning()) {
            queueServer.restart();
        }
        return queueServer;
    }

    /** Starts the payment provider once per test run. */
    public static synchronized LocalPaymentProvider paymentProvider() {
        if (paymentProvider == null) {
            paymentProvider = LocalPaymentProvider.start(PAYMENT_PORT, PAYMENT);
            Runtime.getRuntime().addShutdownHook(new Thread(paymentProvider::close));
        }
        return paymentProvider;
    }

    public static OrderApi api() {
        return new OrderApi("http://localhost:" + HTTP_PORT);
    }

    public static Queues queues() {
        return new Queues(queueServer());
    }

    /** Queue server and payment provider up, server ready (both apps see the queue), processor idle with an empty queue. */
    public static void awaitReadyAndIdle() {
        queueServer();
        paymentProvider();
        OrderApi api = api();
        Waits.until("server ready", Duration.ofSeconds(60), () -> api.readiness().statusCode() == 200);
        Queues queues = queues();
        Waits.until("order queue drained", Duration.ofSeconds(60), () -> queues.depth(ORDER_QUEUE).total() == 0);
    }
}
