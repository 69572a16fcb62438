package io.flashorders.core.payment;

import io.flashorders.core.json.InvalidOrderException;
import io.flashorders.core.json.OrderJson;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A payment provider reached over HTTP with Stripe's idempotency convention: {@code POST /v1/charges} with an
 * {@code Idempotency-Key} header; 201 for a new charge, 200 with {@code Idempotent-Replayed: true} for a repeat,
 * 402 with the reason for a decline (replayed for the same key too), 409 while the key's charge is running, 422 for a
 * key reused with a different request, 5xx when it failed.
 * The local payment provider of local-services speaks it. One client, and its connections, for every call.
 */
public final class HttpPaymentProvider implements PaymentProvider {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    public static final String CHARGES_PATH = "/v1/charges";

    private final URI charges;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param timeout the most one call may take, its whole response included; after it the outcome is unknown and the
     *                call is failed, to be retried
     */
    public HttpPaymentProvider(URI baseUrl, Duration timeout) {
        this.charges = Objects.requireNonNull(baseUrl, "baseUrl").resolve(CHARGES_PATH);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    @Override
    public ChargeResult charge(ChargeRequest request)
            throws PaymentInProgressException, PaymentFailedException, PaymentDeclinedException, InterruptedException {
        HttpRequest post = HttpRequest.newBuilder(charges)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header(IDEMPOTENCY_KEY, request.idempotencyKey())
                .POST(HttpRequest.BodyPublishers.ofString(requestBody(request.orderId(), request.amount())))
                .build();
        HttpResponse<String> response;
        // HttpRequest.timeout bounds the wait for the response's headers only: a body that stalls would hold the
        // worker for ever. The whole exchange, body included, is bounded here, and abandoned when it runs out.
        CompletableFuture<HttpResponse<String>> exchange = http.sendAsync(post, HttpResponse.BodyHandlers.ofString());
        try {
            response = exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new PaymentFailedException("payment provider at " + charges + " did not answer in full within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw new PaymentFailedException("payment provider at " + charges + " did not answer: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        }
        return switch (response.statusCode()) {
            case 200, 201 -> new ChargeResult(readCharge(response.body()),
                    response.headers().firstValue(REPLAYED).map(Boolean::parseBoolean).orElse(false));
            case 402 -> throw readDecline(response.body());
            case 409 -> throw new PaymentInProgressException(request.idempotencyKey());
            case 422 -> throw new IdempotencyKeyReusedException(request.idempotencyKey());
            default -> throw new PaymentFailedException("payment provider answered " + response.statusCode() + ": " + response.body());
        };
    }

    /** The body of a charge request: {@code {"order_id": ..., "amount": ...}}. */
    private static String requestBody(String orderId, BigDecimal amount) {
        return OrderJson.write(Map.of("order_id", orderId, "amount", amount));
    }

    private Charge readCharge(String body) throws PaymentFailedException {
        try {
            return OrderJson.read(body, Charge.class);
        } catch (InvalidOrderException e) {
            throw new PaymentFailedException("payment provider answered with an unreadable charge: " + e.getMessage(), e);
        }
    }

    /** A decline's body: {@code {"error": "card_declined", "message": ...}}. */
    private static PaymentDeclinedException readDecline(String body) throws PaymentFailedException {
        Map<?, ?> error;
        try {
            error = OrderJson.read(body, Map.class);
        } catch (InvalidOrderException e) {
            throw new PaymentFailedException("payment provider declined with an unreadable reason: " + e.getMessage(), e);
        }
        Object code = error.get("error");
        if (!(code instanceof String reason) || reason.isBlank()) {
            throw new PaymentFailedException("payment provider declined without a reason: " + body);
        }
        return new PaymentDeclinedException(reason, String.valueOf(error.get("message")));
    }

    @Override
    public String toString() {
        return "HttpPaymentProvider[" + charges + "]";
    }
}
