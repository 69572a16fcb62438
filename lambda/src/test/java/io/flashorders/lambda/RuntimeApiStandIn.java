package io.flashorders.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A stand-in for the Lambda Runtime API (version 2018-06-01), on loopback, for running the packaged function through
 * the real runtime interface client. It hands out the events queued with {@link #invoke}, one per
 * {@code GET .../invocation/next} (holding the request until one is queued, as Lambda does), and records what the
 * runtime posts back: {@code .../invocation/{id}/response}, {@code .../invocation/{id}/error} and
 * {@code .../init/error}.
 */
final class RuntimeApiStandIn implements AutoCloseable {

    /** No 12-digit account id: none belongs in this repository, and the runtime does not parse the ARN. */
    static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:local:function:order-processor";

    private static final String PREFIX = "/2018-06-01/runtime/";

    /** What the runtime posted for one invocation, and when it was handed out and answered. */
    record Outcome(String requestId, boolean success, String body, String errorType, long handedOutNanos, long answeredNanos) {

        long millis() {
            return TimeUnit.NANOSECONDS.toMillis(answeredNanos - handedOutNanos);
        }
    }

    private record Invocation(String requestId, String event) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final BlockingQueue<Invocation> queued = new LinkedBlockingQueue<>();
    private final BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
    private final ConcurrentHashMap<String, Long> handedOut = new ConcurrentHashMap<>();
    private final CompletableFuture<Long> firstNext = new CompletableFuture<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    private volatile boolean closed;

    RuntimeApiStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext(PREFIX, this::handle);
        server.start();
    }

    /** For {@code AWS_LAMBDA_RUNTIME_API}: host and port, no scheme. */
    String address() {
        return server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    void invoke(String requestId, String event) {
        queued.add(new Invocation(requestId, event));
    }

    /** When the runtime first asked for an invocation: the end of its init phase. */
    long firstNextNanos(long timeoutSeconds) throws Exception {
        return firstNext.get(timeoutSeconds, TimeUnit.SECONDS);
    }

    Outcome nextOutcome(long timeoutSeconds) throws InterruptedException, TimeoutException {
        Outcome outcome = outcomes.poll(timeoutSeconds, TimeUnit.SECONDS);
        if (outcome == null) {
            throw new TimeoutException("the runtime answered no invocation within " + timeoutSeconds + " s");
        }
        return outcome;
    }

    String initError(long timeoutSeconds) throws Exception {
        return initError.get(timeoutSeconds, TimeUnit.SECONDS);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals("invocation/next")) {
                next(exchange);
            } else if (method.equals("POST") && path.equals("init/error")) {
                initError.complete(body(exchange));
                answer(exchange, 202, "{\"status\":\"OK\"}");
            } else if (method.equals("POST") && path.startsWith("invocation/") && path.endsWith("/response")) {
                record(exchange, path, "/response", true);
            } else if (method.equals("POST") && path.startsWith("invocation/") && path.endsWith("/error")) {
                record(exchange, path, "/error", false);
            } else {
                answer(exchange, 404, "{\"errorMessage\":\"no such path\"}");
            }
        } finally {
            exchange.close();
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        firstNext.complete(System.nanoTime());
        Invocation invocation = null;
        try {
            while (invocation == null && !closed) {
                invocation = queued.poll(100, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (invocation == null) {
            answer(exchange, 500, "{\"errorMessage\":\"the stand-in is shutting down\"}");
            return;
        }
        exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 15_000));
        exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", FUNCTION_ARN);
        exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
        handedOut.put(invocation.requestId(), System.nanoTime());
        answer(exchange, 200, invocation.event());
    }

    private void record(HttpExchange exchange, String path, String suffix, boolean success) throws IOException {
        long answered = System.nanoTime();
        String requestId = path.substring("invocation/".length(), path.length() - suffix.length());
        String body = body(exchange);
        String errorType = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
        answer(exchange, 202, "{\"status\":\"OK\"}");
        outcomes.add(new Outcome(requestId, success, body, errorType, handedOut.getOrDefault(requestId, answered), answered));
    }

    private static String body(HttpExchange exchange) throws IOException {
        return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().put("Content-Type", List.of("application/json"));
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        threads.shutdownNow();
    }
}
