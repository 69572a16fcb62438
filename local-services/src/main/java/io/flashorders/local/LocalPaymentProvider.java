package io.flashorders.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flashorders.core.json.InvalidOrderException;
import io.flashorders.core.json.OrderJson;
import io.flashorders.core.money.Money;
import io.flashorders.core.payment.Charge;
import io.flashorders.core.payment.ChargeLookup;
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
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulated payment provider served over HTTP on loopback, so that its ledger outlives the processes that pay
 * through it (a processor killed mid-payment, restarted, pays nothing twice). It speaks {@link HttpPaymentProvider}'s
 * protocol, and lets tests and operators read the ledger:
 *
 * <pre>
 * POST /v1/charges            Idempotency-Key: order-1   {"order_id":"order-1","amount":25.00,"currency":"USD"}
 *   201 new charge | 200 + Idempotent-Replayed: true | 402 declined, for good: {"error":"card_declined",..} |
 *   409 key in use | 422 key reused | 503 simulated failure
 * GET  /v1/charges            {"charges":[...], "declines":[...], "stats":{"requests":..,"charged":..,"replayed":..,
 *                             "conflicts":..,"failed":..,"declined":..}}
 * GET  /v1/charges/{key}      the ledger under that key: 200 the charge | 404 none | 409 running |
 *                             402 declined: {"error":"card_declined",..}
 * </pre>
 *
 * A test can make the provider lose the answers of charges it made ({@link #loseAnswers}), as a network or a timeout
 * does: the charge stands, and the caller learns nothing.
 */
public final class LocalPaymentProvider implements LocalService {

    public static final int DEFAULT_PORT = 9325;

    private final SimulatedPaymentProvider provider;
    private final HttpServer server;
    private final ExecutorService threads;
    private final URI endpoint;
    private final AtomicInteger answersToLose = new AtomicInteger();
    private final AtomicInteger lostAnswers = new AtomicInteger();

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
                lookup(exchange, path.substring(HttpPaymentProvider.CHARGES_PATH.length() + 1));
            } else {
                send(exchange, 404, error("not_found", method + " " + path));
            }
        }
    }

    private void lookup(HttpExchange exchange, String key) {
        ChargeLookup found = provider.lookup(key);
        if (found instanceof ChargeLookup.Charged charged) {
            send(exchange, 200, OrderJson.write(charged.charge()));
        } else if (found instanceof ChargeLookup.Declined declined) {
            send(exchange, 402, error(declined.code(), "declined under idempotency key " + key));
        } else if (found instanceof ChargeLookup.Running) {
            send(exchange, 409, error("idempotency_key_in_use", "a charge under idempotency key " + key + " is running"));
        } else {
            send(exchange, 404, error("no_such_charge", "no charge under idempotency key " + key));
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
            request = new ChargeRequest(key, String.valueOf(body.get("order_id")), Money.of(
                    new BigDecimal(String.valueOf(body.get("amount"))), Currency.getInstance(String.valueOf(body.get("currency")))));
        } catch (InvalidOrderException | IllegalArgumentException e) {
            // NumberFormatException, an unknown currency code and an amount finer than its currency are all IllegalArgumentException.
            send(exchange, 400, error("invalid_request",
                    "expected {\"order_id\": ..., \"amount\": ..., \"currency\": ...}: " + e.getMessage()));
            return;
        }
        try {
            ChargeResult result = provider.charge(request);
            if (answersToLose.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                lostAnswers.incrementAndGet();
                return; // closed unanswered: the connection drops, as it does when an answer is lost on the way
            }
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

    /** The next {@code count} charges (or replays) are made, but their callers get no answer: the connection drops. */
    public void loseAnswers(int count) {
        answersToLose.set(count);
    }

    /** Answers lost so far ({@link #loseAnswers}). */
    public int lostAnswers() {
        return lostAnswers.get();
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
