package io.flashorders.it.support;

import io.flashorders.core.testing.Waits;
import io.flashorders.core.payment.ProviderSimulation;
import io.flashorders.local.LocalPaymentProvider;
import io.flashorders.aws.AwsClients;
import io.flashorders.aws.AwsSettings;
import io.flashorders.aws.store.DynamoOrderStore;
import io.flashorders.core.store.OrderStore;
import io.flashorders.local.LocalDynamoDb;
import io.flashorders.local.LocalQueueServer;
import io.flashorders.local.LocalRedis;
import io.flashorders.local.QueueDefinitions;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The system under test: the Liberty server the build started (both WARs); the queue server and payment provider,
 * which the tests own so that they can take them away, inject failures and read the provider's ledger; and DynamoDB
 * Local with the order table. Settings come from the build (liberty-config/pom.xml),
 * the one place where the test server's configuration is written down.
 */
public final class TestSystem {

    public static final int HTTP_PORT = Integer.parseInt(setting("it.http.port"));
    public static final int QUEUE_PORT = Integer.parseInt(setting("it.queue.port"));
    public static final int WORKERS = Integer.parseInt(setting("it.processor.workers"));
    public static final Duration PAYMENT_LATENCY = Duration.ofMillis(Long.parseLong(setting("it.payment.latency.ms")));
    public static final int SYNC_PERMITS = Integer.parseInt(setting("it.sync.permits"));
    public static final Duration SYNC_MAX_WAIT = Duration.ofMillis(Long.parseLong(setting("it.sync.max-wait.ms")));
    /** Requests each endpoint runs at once (orders.admission.max-in-flight); one more is refused with 503 overloaded. */
    public static final int ADMISSION_MAX_IN_FLIGHT = Integer.parseInt(setting("it.admission.max-in-flight"));
    public static final int PAYMENT_PORT = Integer.parseInt(setting("it.payment.port"));
    public static final int VISIBILITY_TIMEOUT_SECONDS = Integer.parseInt(setting("it.queue.visibility.s"));
    /** The payment provider as the server is told it behaves; tests that change it put this back. */
    public static final ProviderSimulation PAYMENT = ProviderSimulation.steady(PAYMENT_LATENCY);
    public static final int DYNAMODB_PORT = Integer.parseInt(setting("it.dynamodb.port"));
    public static final int REDIS_PORT = Integer.parseInt(setting("it.redis.port"));
    public static final String SALES_ADMIN_TOKEN = setting("it.sales.admin.token");
    public static final Duration RECONCILER_STALE_AFTER = Duration.ofMillis(Long.parseLong(setting("it.reconciler.stale-after.ms")));
    /** A processor's claim on an order: after it, the order is taken over or settled. */
    public static final Duration CLAIM_LEASE = Duration.ofMillis(Long.parseLong(setting("it.claim-lease.ms")));
    /** How long after its last holder's time ran out a sync order is settled at the latest: the sync wait, the provider's timeout, the margin. */
    public static final Duration SYNC_SETTLE_DELAY = SYNC_MAX_WAIT.plusMillis(Long.parseLong(setting("it.payment.timeout.ms")))
            .plusMillis(Long.parseLong(setting("it.settle.margin.ms")));
    public static final Duration SETTLE_MARGIN = Duration.ofMillis(Long.parseLong(setting("it.settle.margin.ms")));

    public static final String ORDER_QUEUE = "order-processing-queue";
    public static final String DEAD_LETTER_QUEUE = "order-processing-dlq";
    public static final String STATUS_EVENTS_QUEUE = "order-status-events";

    private static LocalQueueServer queueServer;
    private static LocalPaymentProvider paymentProvider;
    private static LocalDynamoDb dynamoDb;
    private static OrderStore orderStore;
    private static LocalRedis redis;

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

    /** Starts DynamoDB Local with the order table once per test run, and warms it up; restarts it after an outage. */
    public static synchronized LocalDynamoDb dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = LocalDynamoDb.start(DYNAMODB_PORT);
            Runtime.getRuntime().addShutdownHook(new Thread(dynamoDb::close));
            StoreWarmUp.run(orderStore());
        } else if (!dynamoDb.isRunning()) {
            dynamoDb.restart();
        }
        return dynamoDb;
    }

    /** Starts redis-server, the sales' inventory store, once per test run; restarts it (empty) after an outage. */
    public static synchronized LocalRedis redis() {
        if (redis == null) {
            redis = LocalRedis.start(REDIS_PORT);
            Runtime.getRuntime().addShutdownHook(new Thread(redis::close));
        } else if (!redis.isRunning()) {
            redis.restart();
        }
        return redis;
    }

    public static SaleApi sales() {
        return new SaleApi("http://localhost:" + HTTP_PORT, SALES_ADMIN_TOKEN);
    }

    /** The order table as the server sees it, for a test that reads it or writes to it as a dying receiver would. */
    public static synchronized OrderStore orderStore() {
        if (orderStore == null) {
            LocalDynamoDb table = dynamoDb();
            orderStore = new DynamoOrderStore(AwsClients.dynamoDb(AwsSettings.local(table.endpoint()), Optional.of(table.endpoint())),
                    table.table().name(), Duration.ofSeconds(5));
        }
        return orderStore;
    }

    /** A raw client on the order table, for what the store's interface does not offer (a scan by idempotency key). */
    public static DynamoDbClient orderTable() {
        LocalDynamoDb table = dynamoDb();
        return AwsClients.dynamoDb(AwsSettings.local(table.endpoint()), Optional.of(table.endpoint()));
    }

    public static OrderApi api() {
        return new OrderApi("http://localhost:" + HTTP_PORT);
    }

    public static Queues queues() {
        return new Queues(queueServer());
    }

    /** Queue server, payment provider, DynamoDB Local and redis-server up, server ready (both apps see them), processor idle with an empty queue. */
    public static void awaitReadyAndIdle() {
        dynamoDb();
        queueServer();
        paymentProvider();
        redis();
        OrderApi api = api();
        Waits.until("server ready", Duration.ofSeconds(60), () -> api.readiness().statusCode() == 200);
        Queues queues = queues();
        Waits.until("order queue drained", Duration.ofSeconds(60), () -> queues.depth(ORDER_QUEUE).total() == 0);
    }
}
