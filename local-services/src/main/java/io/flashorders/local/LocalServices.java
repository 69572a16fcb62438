package io.flashorders.local;

import io.flashorders.core.payment.ProviderSimulation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Starts the local stand-ins for the cloud services, for development beside Liberty dev mode:
 *
 * <pre>
 * java -jar local-services/target/local-services-0.1.0-SNAPSHOT-all.jar [queuePort]
 * </pre>
 *
 * The queue port comes from the first argument, else the environment variable {@code QUEUE_PORT}, else 9324; the
 * payment provider's from {@code PAYMENT_PORT}, else 9325; DynamoDB Local's from {@code DYNAMODB_PORT}, else 9326;
 * redis-server's (the sales' inventory store) from {@code REDIS_PORT}, else 6379 (0 picks a free port). The payment provider behaves as {@code PAYMENT_LATENCY_MS} (3000),
 * {@code PAYMENT_LATENCY_JITTER_MS} (0) and {@code PAYMENT_FAILURE_RATE} (0) say, the same variables that configure a
 * processor's in-process simulation. Once every service is up it prints one line, e.g. {@code local services ready:
 * sqs=http://localhost:9324 payments=http://localhost:9325 dynamodb=http://localhost:9326 redis=redis://127.0.0.1:6379}, and runs until the process
 * is terminated; a shutdown hook stops the services.
 */
public final class LocalServices implements AutoCloseable {

    public static final String READY_PREFIX = "local services ready:";

    /**
     * What to run, in start order. Another service slots in as one more entry, its port read in {@link Settings}, as
     * DynamoDB Local's does.
     */
    private static final List<Function<Settings, LocalService>> STARTERS = List.of(
            settings -> LocalQueueServer.start(settings.queuePort()),
            settings -> LocalPaymentProvider.start(settings.paymentPort(), settings.payment()),
            settings -> LocalDynamoDb.start(settings.dynamoDbPort()),
            settings -> LocalRedis.start(settings.redisPort()));

    private final List<LocalService> services;

    private LocalServices(List<LocalService> services) {
        this.services = List.copyOf(services);
    }

    /** Starts every service; when one fails, those already started are stopped again and the failure is thrown. */
    public static LocalServices start(Settings settings) {
        List<LocalService> started = new ArrayList<>();
        try {
            for (Function<Settings, LocalService> starter : STARTERS) {
                started.add(starter.apply(settings));
            }
        } catch (RuntimeException e) {
            try {
                closeAll(started);
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        return new LocalServices(started);
    }

    /** In start order. */
    public List<LocalService> services() {
        return services;
    }

    /** @throws IllegalArgumentException when no running service is of that type */
    public <T extends LocalService> T service(Class<T> type) {
        return services.stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + type.getSimpleName() + " running"));
    }

    /** {@code local services ready: sqs=http://localhost:9324} (one {@code name=endpoint} per service). */
    public String readyLine() {
        return services.stream().map(s -> s.name() + "=" + s.endpoint())
                .collect(Collectors.joining(" ", READY_PREFIX + " ", ""));
    }

    /** Stops the services, last started first. */
    @Override
    public void close() {
        closeAll(services);
    }

    private static void closeAll(List<LocalService> services) {
        List<LocalService> reversed = new ArrayList<>(services);
        Collections.reverse(reversed);
        RuntimeException failure = null;
        for (LocalService service : reversed) {
            try {
                service.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Settings settings;
        try {
            settings = Settings.from(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("usage: LocalServices [queuePort]   (or env QUEUE_PORT; default " + LocalQueueServer.DEFAULT_PORT
                    + "; env PAYMENT_PORT, PAYMENT_LATENCY_MS, PAYMENT_LATENCY_JITTER_MS, PAYMENT_FAILURE_RATE, DYNAMODB_PORT, REDIS_PORT): "
                    + e.getMessage());
            System.exit(2);
            return;
        }
        LocalServices services;
        try {
            services = start(settings);
        } catch (RuntimeException e) {
            System.err.println("local services failed to start: " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(services::close, "local-services-shutdown"));
        System.out.println(services.readyLine());
        System.out.flush();
        // The services' threads are daemons: this thread keeps the process up until it is terminated.
        new CountDownLatch(1).await();
    }

    /** Ports and options of the services, from the command line and the environment. */
    public record Settings(int queuePort, int paymentPort, int dynamoDbPort, int redisPort, ProviderSimulation payment) {

        public static final String QUEUE_PORT_ENV = "QUEUE_PORT";
        public static final String PAYMENT_PORT_ENV = "PAYMENT_PORT";
        public static final String DYNAMODB_PORT_ENV = "DYNAMODB_PORT";
        public static final String REDIS_PORT_ENV = "REDIS_PORT";

        public Settings {
            checkPort(queuePort, "queue port");
            checkPort(paymentPort, "payment port");
            checkPort(dynamoDbPort, "DynamoDB port");
            checkPort(redisPort, "Redis port");
            Objects.requireNonNull(payment, "payment");
        }

        public static Settings defaults() {
            return from(new String[0], Map.of());
        }

        /**
         * Queue port: {@code args[0]}, else {@code env.QUEUE_PORT}, else 9324; the payment provider's, DynamoDB
         * Local's and redis-server's ports and the payment provider's behaviour from the environment alone
         * ({@link ProviderSimulation#fromEnvironment}).
         */
        public static Settings from(String[] args, Map<String, String> env) {
            String queuePort = args.length > 0 ? args[0] : env.get(QUEUE_PORT_ENV);
            return new Settings(port(queuePort, LocalQueueServer.DEFAULT_PORT, "queue port"),
                    port(env.get(PAYMENT_PORT_ENV), LocalPaymentProvider.DEFAULT_PORT, PAYMENT_PORT_ENV),
                    port(env.get(DYNAMODB_PORT_ENV), LocalDynamoDb.DEFAULT_PORT, DYNAMODB_PORT_ENV),
                    port(env.get(REDIS_PORT_ENV), LocalRedis.DEFAULT_PORT, REDIS_PORT_ENV),
                    ProviderSimulation.fromEnvironment(env));
        }

        private static int port(String value, int fallback, String what) {
            if (value == null || value.isBlank()) {
                return fallback;
            }
            try {
                return Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + " is not a number: " + value);
            }
        }

        private static void checkPort(int port, String what) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException(what + " must be 0..65535, was " + port);
            }
        }
    }
}
