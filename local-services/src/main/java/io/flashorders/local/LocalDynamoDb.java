package io.flashorders.local;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local, in memory, in this JVM, with the order table of {@link TableDefinition} created through the DynamoDB
 * API. Data does not survive a stop; {@link #restart()} brings it back on the same port with an empty table. Its telemetry is off. It listens on every interface (DynamoDB Local has no
 * setting for the address), so use it on a development machine only.
 *
 * <pre>{@code
 * try (LocalDynamoDb dynamoDb = LocalDynamoDb.start(0)) {      // 0: any free port
 *     URI endpoint = dynamoDb.endpoint();                       // http://localhost:<port>
 * }
 * }</pre>
 */
public final class LocalDynamoDb implements LocalService {

    public static final int DEFAULT_PORT = 9326;
    public static final Region REGION = Region.US_EAST_1;

    private static final String HOST = "localhost";
    private static final int FREE_PORT_ATTEMPTS = 5;

    private final TableDefinition table;
    private final int port;
    private final URI endpoint;
    private DynamoDBProxyServer server; // guarded by this

    private LocalDynamoDb(TableDefinition table, int port) {
        this.table = table;
        this.port = port;
        this.endpoint = URI.create("http://" + HOST + ":" + port);
    }

    /** Starts on {@code port} (0 picks a free one) with the table of {@code order-table.json}. */
    public static LocalDynamoDb start(int port) {
        return start(port, TableDefinition.load());
    }

    /**
     * Starts on {@code port} (0 picks a free one) and creates the table; returns once it exists.
     *
     * @throws IllegalStateException when the port cannot be bound or the table cannot be created
     */
    public static LocalDynamoDb start(int port, TableDefinition table) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (port != 0) {
            LocalDynamoDb dynamoDb = new LocalDynamoDb(table, port);
            dynamoDb.run();
            return dynamoDb;
        }
        IllegalStateException lastFailure = null;
        for (int attempt = 0; attempt < FREE_PORT_ATTEMPTS; attempt++) {
            LocalDynamoDb dynamoDb = new LocalDynamoDb(table, freePort());
            try {
                dynamoDb.run();
                return dynamoDb;
            } catch (LocalQueueServer.PortInUseException e) {
                lastFailure = e;
            }
        }
        throw lastFailure;
    }

    /**
     * An SDK client for this server. DynamoDB Local insists on signed requests, though it accepts any key: these are
     * placeholders, not credentials. The caller closes the client.
     */
    public DynamoDbClient client() {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }

    /**
     * Starts the server again on the same port, with the table recreated (empty); stops it first when running. For an
     * outage in a test: {@link #close()}, then this.
     */
    public synchronized void restart() {
        close();
        run();
    }

    private synchronized void run() {
        DynamoDBProxyServer started;
        QuietLogging.apply();
        PrintStream out = System.out;
        // DynamoDB Local prints its settings to standard output, where LocalServices prints only its ready line.
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            started = ServerRunner.createServerFromCommandLineArgs(
                    new String[] {"-inMemory", "-disableTelemetry", "-port", Integer.toString(port)});
            started.start();
        } catch (Exception e) {
            if (isBindFailure(e)) {
                throw new LocalQueueServer.PortInUseException("port " + port + " is in use", e);
            }
            throw new IllegalStateException("DynamoDB Local did not start on port " + port, e);
        } finally {
            System.setOut(out);
        }
        server = started;
        try (DynamoDbClient dynamoDb = client()) {
            TableCreator.create(dynamoDb, table);
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException("cannot create table " + table.name() + " on " + endpoint, e);
        }
    }

    /** Stops the server and frees its port. Idempotent. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop", e);
        } finally {
            server = null;
        }
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    @Override
    public String name() {
        return "dynamodb";
    }

    /** {@code http://localhost:<port>}, for an SDK client's endpoint override. */
    @Override
    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return port;
    }

    public TableDefinition table() {
        return table;
    }

    @Override
    public String toString() {
        return "LocalDynamoDb[" + endpoint + (isRunning() ? ", running" : ", stopped") + "]";
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
