package io.flashorders.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flashorders.core.json.InvalidOrderException;
import io.flashorders.core.json.OrderJson;
import io.flashorders.core.payment.Charge;
import io.flashorders.core.payment.ChargeRequest;
import io.flashorders.core.payment.ChargeResult;
import io.flashorders.core.payment.HttpPaymentProvider;
import io.flashorders.core.payment.IdempotencyKeyReusedException;
import io.flashorders.core.payment.PaymentDeclinedException;
import io.flashorders.core.payment.PaymentFailedException;
import io.flashorders.core.payment.PaymentInProgressException;
import io.flashorders.core.payment.ProviderSimulation;
import io.flashorders.core.payment.ProviderStats;
import io.flashorders.core.payment.SimulatedPaymentProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The simulated payment provider served over HTTP on loopback, so that its ledger outlives the processes that pay
 * through it (a processor killed mid-payment, restarted, pays nothing twice). It speaks {@link HttpPaymentProvider}'s
 * protocol, and lets tests and operators read the ledger:
 *
 * <pre>
 * POST /v1/charges            Idempotency-Key: order-1   {"order_id":"order-1","amount":25.00}
 *   201 new charge | 200 + Idempotent-Replayed: true | 402 declined, for good: {"error":"card_declined",..} |
 *   409 key in use | 422 key reused | 503 simulated failure
 * GET  /v1/charges            {"charges":[...], "declines":[...], "stats":{"requests":..,"charged":..,"replayed":..,
 *                             "conflicts":..,"failed":..,"declined":..}}
 * GET  /v1/charges/{key}      the charge made under that key, or 404
 * </pre>
 */
public final class LocalPaymentProvider implements LocalService {

    public static final int DEFAULT_PORT = 9325;

    private final SimulatedPaymentProvider provider;
    private final HttpServer server;
    private final ExecutorService threads;
    private final URI endpoint;

    private LocalPaymentProvider(SimulatedPaymentProvider provider, HttpServer server, ExecutorService threads) {
        this.provider = provider;
        this.server = server;
        this.threads = threads;
        this.endpoint = URI.create("http://localhost:" + server.getAddress().getPort());
    }

    /** Starts on {@code port} (0 picks a free one). @throws UncheckedIOException when the port cannot be bound */
    public static LocalPaymentProvider start(int port, ProviderSimulation simulation) {
        SimulatedPaymentProvider provider = new SimulatedPaymentProvider(simulation);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the payment provider to 127.0.0.1:" + port, e);
        }
        // Every charge sleeps through its latency: one thread per charge in progress, as many as callers send.
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "payment-provider");
            thread.setDaemon(true);
            return thread;
        });
        LocalPaymentProvider local = new LocalPaymentProvider(provider, server, threads);
        server.createContext(HttpPaymentProvider.CHARGES_PATH, local::handle);
        server.setExecutor(threads);
        server.start();
        return local;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals(HttpPaymentProvider.CHARGES_PATH) && method.equals("POST")) {
                charge(exchange);
            } else if (path.equals(HttpPaymentProvider.CHARGES_PATH) && method.equals("GET")) {
                send(exchange, 200, OrderJson.write(Map.of("charges", charges(), "declines", provider.ledger().declines(),
                        "stats", provider.stats())));
            } else if (path.startsWith(HttpPaymentProvider.CHARGES_PATH + "/") && method.equals("GET")) {
                String key = path.substring(HttpPaymentProvider.CHARGES_PATH.length() + 1);
                provider.ledger().find(key).ifPresentOrElse(
                        charge -> send(exchange, 200, OrderJson.write(charge)),
                        () -> send(exchange, 404, error("no_such_charge", "no charge under idempotency key " + key)));
            } else {
                send(exchange, 404, error("not_found", method + " " + path));
            }
        }
    }

    private void charge(HttpExchange exchange) throws IOException {
        String key = exchange.getRequestHeaders().getFirst(HttpPaymentProvider.IDEMPOTENCY_KEY);
        if (key == null || key.isBlank()) {
            send(exchange, 400, error("missing_idempotency_key", "every charge needs an Idempotency-Key header"));
            return;
        }
        ChargeRequest request;
        try {
            Map<?, ?> body = OrderJson.read(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), Map.class);
            request = new ChargeRequest(key, String.valueOf(body.get("order_id")), new BigDecimal(String.valueOf(body.get("amount"))));
        } catch (InvalidOrderException | NumberFormatException e) {
            send(exchange, 400, error("invalid_request", "expected {\"order_id\": ..., \"amount\": ...}: " + e.getMessage()));
            return;
        }
        try {
            ChargeResult result = provider.charge(request);
            if (result.replayed()) {
                exchange.getResponseHeaders().add(HttpPaymentProvider.REPLAYED, "true");
            }
            send(exchange, result.replayed() ? 200 : 201, OrderJson.write(result.charge()));
        } catch (PaymentInProgressException e) {
            send(exchange, 409, error("idempotency_key_in_use", e.getMessage()));
        } catch (IdempotencyKeyReusedException e) {
            send(exchange, 422, error("idempotency_key_reused", e.getMessage()));
        } catch (PaymentDeclinedException e) {
            send(exchange, 402, error(e.code(), e.getMessage()));
        } catch (PaymentFailedException e) {
            send(exchange, 503, error("provider_failure", e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(exchange, 503, error("provider_stopping", "the provider is stopping"));
        }
    }

    /** Every charge made, oldest first. */
    public List<Charge> charges() {
        return provider.ledger().charges().stream().sorted(Comparator.comparing(Charge::createdAt)).toList();
    }

    /** Whether a charge under this idempotency key is running right now. */
    public boolean chargeRunning(String idempotencyKey) {
        return provider.ledger().running(idempotencyKey);
    }

    public ProviderStats stats() {
        return provider.stats();
    }

    /** Changes latency, jitter, failure and decline rates for the charges that start from now on. */
    public void simulate(ProviderSimulation simulation) {
        provider.simulate(simulation);
    }

    @Override
    public String name() {
        return "payments";
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return endpoint.getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private static String error(String code, String message) {
        return OrderJson.write(Map.of("error", code, "message", message));
    }

    private static void send(HttpExchange exchange, int status, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        try {
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            // The caller hung up (a processor killed mid-payment): the charge stands and a retry is replayed.
        }
    }
}
