package io.flashorders.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import io.flashorders.core.payment.ProviderSimulation;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

class LocalServicesTest {

    @Test
    void settings_portFromArgumentThenEnvThenDefault() {
        assertEquals(9500, LocalServices.Settings.from(new String[] {"9500"}, Map.of("QUEUE_PORT", "9600")).queuePort());
        assertEquals(9600, LocalServices.Settings.from(new String[0], Map.of("QUEUE_PORT", "9600")).queuePort());
        assertEquals(9324, LocalServices.Settings.from(new String[0], Map.of()).queuePort());
        assertEquals(9700, LocalServices.Settings.from(new String[0], Map.of("DYNAMODB_PORT", "9700")).dynamoDbPort());
        assertEquals(9326, LocalServices.Settings.from(new String[] {"9500"}, Map.of()).dynamoDbPort());
        assertEquals(9800, LocalServices.Settings.from(new String[0], Map.of("REDIS_PORT", "9800")).redisPort());
        assertEquals(6379, LocalServices.Settings.defaults().redisPort());
        assertThrows(IllegalArgumentException.class, () -> LocalServices.Settings.from(new String[0], Map.of("DYNAMODB_PORT", "x")));
        assertThrows(IllegalArgumentException.class, () -> LocalServices.Settings.from(new String[] {"nine"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> LocalServices.Settings.from(new String[] {"70000"}, Map.of()));
    }

    @Test
    void settings_paymentProviderFromTheSameVariablesAsTheProcessor() {
        LocalServices.Settings settings = LocalServices.Settings.from(new String[0], Map.of("PAYMENT_PORT", "9700",
                "PAYMENT_LATENCY_MS", "250", "PAYMENT_LATENCY_JITTER_MS", "50", "PAYMENT_FAILURE_RATE", "0.2"));

        assertEquals(9700, settings.paymentPort());
        assertEquals(new ProviderSimulation(Duration.ofMillis(250), Duration.ofMillis(50), 0.2), settings.payment());
        assertEquals(new ProviderSimulation(Duration.ofMillis(3000), Duration.ZERO, 0), LocalServices.Settings.defaults().payment());
        assertThrows(IllegalArgumentException.class,
                () -> LocalServices.Settings.from(new String[0], Map.of("PAYMENT_FAILURE_RATE", "2")));
    }

    @Test
    void start_freePorts_readyLineNamesEveryEndpointAndQueuesAndTableExist() {
        try (LocalServices services = LocalServices.start(new LocalServices.Settings(0, 0, 0, 0, ProviderSimulation.steady(Duration.ZERO)))) {
            LocalQueueServer queues = services.service(LocalQueueServer.class);
            LocalPaymentProvider payments = services.service(LocalPaymentProvider.class);
            LocalDynamoDb dynamoDb = services.service(LocalDynamoDb.class);
            LocalRedis redis = services.service(LocalRedis.class);

            assertEquals("local services ready: sqs=http://localhost:" + queues.port() + " payments=http://localhost:" + payments.port()
                    + " dynamodb=http://localhost:" + dynamoDb.port() + " redis=redis://127.0.0.1:" + redis.port(),
                    services.readyLine());
            assertEquals("+PONG", LocalRedisTest.ping(redis.port()));
            try (SqsClient sqs = SqsClients.forEndpoint(queues.endpoint())) {
                assertEquals(QueueDefinitions.load().queues().size(), sqs.listQueues().queueUrls().size());
            }
            try (DynamoDbClient client = dynamoDb.client()) {
                assertEquals(List.of(TableDefinition.load().name()), client.listTables().tableNames());
            }
        }
    }

    @Test
    void main_asProcess_printsOneReadyLineAndStopsOnTerminate() throws Exception {
        int port = freePort();
        int paymentPort = freePort();
        int dynamoDbPort = freePort();
        int redisPort = freePort();
        ProcessBuilder builder = new ProcessBuilder(
                        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                        "-cp", System.getProperty("java.class.path"),
                        LocalServices.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT); // quiet unless it fails
        builder.environment().put("QUEUE_PORT", Integer.toString(port)); // no argument: the port comes from the env
        builder.environment().put("PAYMENT_PORT", Integer.toString(paymentPort));
        builder.environment().put("DYNAMODB_PORT", Integer.toString(dynamoDbPort));
        builder.environment().put("REDIS_PORT", Integer.toString(redisPort));
        Process process = builder.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            CompletableFuture<String> firstLine = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals("local services ready: sqs=http://localhost:" + port + " payments=http://localhost:" + paymentPort
                    + " dynamodb=http://localhost:" + dynamoDbPort + " redis=redis://127.0.0.1:" + redisPort,
                    firstLine.get(30, TimeUnit.SECONDS));
            try (SqsClient sqs = SqsClients.forEndpoint(java.net.URI.create("http://localhost:" + port))) {
                assertEquals(QueueDefinitions.load().queues().size(), sqs.listQueues().queueUrls().size());
            }

            process.toHandle().destroy(); // SIGTERM, the shutdown hook stops the server (Process.destroy would close stdout)
            assertTrue(process.waitFor(15, TimeUnit.SECONDS), "still running after SIGTERM");
            assertEquals(List.of(), out.lines().toList(), "nothing after the ready line on stdout");
        } finally {
            // redis-server is a child process of its own: a killed JVM would leave it running.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        int stoppedPort = port;
        assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), stoppedPort).close());
        int stoppedDynamoDbPort = dynamoDbPort;
        assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), stoppedDynamoDbPort).close());
        assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), redisPort).close());
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
