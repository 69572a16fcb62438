package io.flashorders.local;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.scaladsl.Http;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import scala.concurrent.duration.FiniteDuration;
import scala.jdk.javaapi.FutureConverters;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A real SQS-compatible server (ElasticMQ, in memory) in this JVM, bound to 127.0.0.1 only, with the queues of
 * {@link QueueDefinitions} created through the SQS API. Queue URLs look like
 * {@code http://localhost:9324/000000000000/order-processing-queue}; ARNs like
 * {@code arn:aws:sqs:us-east-1:<dummy account>:order-processing-dlq}.
 *
 * <p>For an outage in a test: {@link #stop()} frees the port at once (requests in flight, long polls included, are
 * cut off within about a second), and {@link #restart()} brings the server back on the same port with the queues
 * recreated, empty. Messages do not survive a stop.
 *
 * <pre>{@code
 * try (LocalQueueServer queues = LocalQueueServer.start(0)) {      // 0: any free port
 *     String url = queues.queueUrl(QueueDefinitions.ORDER_PROCESSING_QUEUE);
 *     ...
 *     queues.stop();      // outage
 *     queues.restart();   // same port, same URLs
 * }
 * }</pre>
 */
public final class LocalQueueServer implements LocalService {

    public static final int DEFAULT_PORT = 9324;
    /** ElasticMQ's default account id; it appears in queue URLs and ARNs. */
    public static final String ACCOUNT_ID = "000000000000";
    public static final String REGION = SqsClients.REGION.id();

    private static final String BIND_ADDRESS = "127.0.0.1";
    /** The host in URLs. Java, the AWS CLI and curl try 127.0.0.1 for it. */
    private static final String HOST = "localhost";
    private static final FiniteDuration IN_FLIGHT_GRACE = FiniteDuration.create(1, TimeUnit.SECONDS);
    private static final long STOP_TIMEOUT_SECONDS = 15;
    private static final int FREE_PORT_ATTEMPTS = 5;

    private final QueueDefinitions definitions;
    private final int port;
    private final URI endpoint;
    private Running running;             // guarded by this
    private volatile Map<String, String> queueUrls = Map.of();

    private LocalQueueServer(QueueDefinitions definitions, int port) {
        this.definitions = definitions;
        this.port = port;
        this.endpoint = URI.create("http://" + HOST + ":" + port);
    }

    /** Starts on {@code port} (0 picks a free one) with the queues of {@code order-queues.json}. */
    public static LocalQueueServer start(int port) {
        return start(port, QueueDefinitions.load());
    }

    /**
     * Starts on {@code port} (0 picks a free one) and creates {@code definitions}' queues; returns once they exist.
     *
     * @throws IllegalStateException when the port cannot be bound or the queues cannot be created
     */
    public static LocalQueueServer start(int port, QueueDefinitions definitions) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (port != 0) {
            LocalQueueServer server = new LocalQueueServer(definitions, port);
            server.restart();
            return server;
        }
        // Between finding a free port and binding it another process may take it: try another then.
        IllegalStateException lastFailure = null;
        for (int attempt = 0; attempt < FREE_PORT_ATTEMPTS; attempt++) {
            LocalQueueServer server = new LocalQueueServer(definitions, freeLoopbackPort());
            try {
                server.restart();
                return server;
            } catch (PortInUseException e) {
                lastFailure = e;
            }
        }
        throw lastFailure;
    }

    /**
     * Starts the server again on the same port, with the queues recreated (empty); stops it first when running.
     *
     * @throws IllegalStateException when the port cannot be bound or the queues cannot be created
     */
    public synchronized void restart() {
        stop();
        QuietLogging.apply();
        ActorSystem actorSystem = ActorSystem.create("elasticmq", actorSystemConfig());
        Http.ServerBinding binding;
        try {
            binding = SQSRestServerBuilder
                    .withActorSystem(actorSystem)
                    .withInterface(BIND_ADDRESS)
                    .withPort(port)
                    .withServerAddress(new NodeAddress("http", HOST, port, ""))
                    .withAWSRegion(REGION)
                    .withAWSAccountId(ACCOUNT_ID)
                    .start()
                    .waitUntilStarted();
        } catch (RuntimeException e) {
            terminate(actorSystem);
            if (isBindFailure(e)) {
                throw new PortInUseException(BIND_ADDRESS + ":" + port + " is in use", e);
            }
            throw new IllegalStateException("ElasticMQ did not start on " + BIND_ADDRESS + ":" + port, e);
        }
        running = new Running(actorSystem, binding);
        try (SqsClient sqs = SqsClients.forEndpoint(endpoint)) {
            queueUrls = QueueCreator.createAll(sqs, definitions);
        } catch (RuntimeException e) {
            stop();
            throw new IllegalStateException("cannot create the queues on " + endpoint, e);
        }
    }

    /**
     * Stops the server and frees its port; requests in flight (long polls too) get about a second to finish before
     * their connections are cut. Idempotent. {@link #restart()} starts it again.
     */
    public synchronized void stop() {
        Running stopping = running;
        if (stopping == null) {
            return;
        }
        running = null;
        try {
            await(FutureConverters.asJava(stopping.binding().terminate(IN_FLIGHT_GRACE)));
        } finally {
            terminate(stopping.actorSystem());
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    public synchronized boolean isRunning() {
        return running != null;
    }

    @Override
    public String name() {
        return "sqs";
    }

    /** {@code http://localhost:<port>}, for an SDK client's endpoint override. Unchanged across restarts. */
    @Override
    public URI endpoint() {
        return endpoint;
    }

    /** The bound port (the one picked when started with 0). Unchanged across restarts. */
    public int port() {
        return port;
    }

    /**
     * The URL CreateQueue returned for a defined queue. Unchanged across restarts.
     *
     * @throws IllegalArgumentException for a queue that is not defined
     */
    public String queueUrl(String queueName) {
        String url = queueUrls.get(queueName);
        if (url == null) {
            throw new IllegalArgumentException("no queue named " + queueName + "; defined: " + queueUrls.keySet());
        }
        return url;
    }

    /** Queue URL by name, dead-letter queues first. */
    public Map<String, String> queueUrls() {
        return queueUrls;
    }

    public QueueDefinitions definitions() {
        return definitions;
    }

    @Override
    public String toString() {
        return "LocalQueueServer[" + endpoint + (isRunning() ? ", running" : ", stopped") + "]";
    }

    /**
     * ElasticMQ's own application.conf (shipped in its jar) plus: Pekko logs warnings only, whatever SLF4J backend is
     * present; its threads do not keep a JVM alive; and stopping is ours to do, not a JVM shutdown hook's. System
     * properties still win, e.g. {@code -Dpekko.loglevel=DEBUG}.
     */
    private static Config actorSystemConfig() {
        Config ours = ConfigFactory.parseMap(Map.of(
                "pekko.loglevel", "WARNING",
                "pekko.stdout-loglevel", "WARNING",
                "pekko.log-dead-letters", "off",
                "pekko.daemonic", "on",
                "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off"));
        return ConfigFactory.load(ours.withFallback(ConfigFactory.defaultApplication()));
    }

    private static void terminate(ActorSystem actorSystem) {
        actorSystem.terminate();
        await(actorSystem.getWhenTerminated());
    }

    private static void await(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the queue server", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the queue server did not stop cleanly", e);
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException || t.getClass().getName().endsWith("BindFailedException")) {
                return true;
            }
        }
        return false;
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(BIND_ADDRESS))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + BIND_ADDRESS, e);
        }
    }

    private record Running(ActorSystem actorSystem, Http.ServerBinding binding) {
    }

    /** Thrown by {@link #start} and {@link #restart()} when another socket holds the port. */
    public static final class PortInUseException extends IllegalStateException {
        PortInUseException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
