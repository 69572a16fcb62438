package io.flashorders.local;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import redis.embedded.RedisServer;

/**
 * A real redis-server (the linux-amd64, darwin and arm64 binaries shipped in {@code com.github.codemonstur:embedded-redis},
 * Redis 6.2) as a child process on loopback, for the sale's inventory store. Nothing is persisted: no snapshots, no
 * append-only file; data does not survive a stop. {@link #restart()} brings it back on the same port, empty.
 *
 * <pre>{@code
 * try (LocalRedis redis = LocalRedis.start(0)) {   // 0: any free port
 *     URI uri = redis.endpoint();                    // redis://127.0.0.1:<port>
 * }
 * }</pre>
 */
public final class LocalRedis implements LocalService {

    public static final int DEFAULT_PORT = 6379;

    private static final String HOST = "127.0.0.1";
    private static final int FREE_PORT_ATTEMPTS = 5;

    private final int port;
    private RedisServer server; // guarded by this

    private LocalRedis(int port) {
        this.port = port;
    }

    /**
     * Starts on {@code port} (0 picks a free one); returns once the server accepts connections.
     *
     * @throws IllegalStateException when it cannot start (for example, the port is taken)
     */
    public static LocalRedis start(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (port != 0) {
            LocalRedis redis = new LocalRedis(port);
            redis.run();
            return redis;
        }
        IllegalStateException lastFailure = null;
        for (int attempt = 0; attempt < FREE_PORT_ATTEMPTS; attempt++) {
            LocalRedis redis = new LocalRedis(LocalDynamoDb.freePort());
            try {
                redis.run();
                return redis;
            } catch (IllegalStateException e) {
                lastFailure = e;
            }
        }
        throw lastFailure;
    }

    /** Starts the server again on the same port, empty; stops it first when running. For an outage in a test. */
    public synchronized void restart() {
        close();
        run();
    }

    private synchronized void run() {
        List<String> output = new ArrayList<>();
        RedisServer started;
        try {
            started = RedisServer.newRedisServer().port(port).bind(HOST)
                    .setting("save \"\"").setting("appendonly no")
                    .soutListener(line -> keep(output, line))
                    .build();
            started.start();
        } catch (IOException e) {
            throw new IllegalStateException("redis-server did not start on " + HOST + ":" + port + ": "
                    + String.join(" | ", lastLines(output)), e);
        }
        server = started;
    }

    private static void keep(List<String> output, String line) {
        synchronized (output) {
            output.add(line);
        }
    }

    private static List<String> lastLines(List<String> output) {
        synchronized (output) {
            return List.copyOf(output.subList(Math.max(0, output.size() - 3), output.size()));
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
        } catch (IOException e) {
            throw new IllegalStateException("redis-server did not stop", e);
        } finally {
            server = null;
        }
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    @Override
    public String name() {
        return "redis";
    }

    /** {@code redis://127.0.0.1:<port>}, as the inventory's {@code sales.redis.uri} takes it. */
    @Override
    public URI endpoint() {
        return URI.create("redis://" + HOST + ":" + port);
    }

    public int port() {
        return port;
    }

    @Override
    public String toString() {
        return "LocalRedis[" + endpoint() + (isRunning() ? ", running" : ", stopped") + "]";
    }
}
