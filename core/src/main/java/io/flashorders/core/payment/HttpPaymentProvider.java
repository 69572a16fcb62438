package io.flashorders.core.payment;

import io.flashorders.core.json.InvalidOrderException;
import io.flashorders.core.json.OrderJson;
import io.flashorders.core.money.Money;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
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
 * key reused with a different request, 5xx when it failed; {@code GET /v1/charges/{key}} reads the ledger under a key
 * (200 the charge, 404 none, 409 running, 402 declined).
 * The local payment provider of local-services speaks it. One client, and its connections, for every call.
 *
 * <p>A charge call that may have reached the provider and ends without its answer (a timeout, a connection lost after
 * sending, an interrupt, an unreadable charge) is a {@link PaymentOutcomeUnknownException}: the provider may have
 * charged. Only a refused connection or the provider's own error answer says that nothing was charged.
 */
public final class HttpPaymentProvider implements PaymentProvider {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    public static final String CHARGES_PATH = "/v1/charges";

    private final URI charges;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param timeout the most one call may take, its whole response included; after it a charge's outcome is unknown,
     *                to be settled from the ledger
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
        try {
            response = send(post);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            // Never connected, so nothing was sent.
            throw new PaymentFailedException("payment provider at " + charges + " could not be reached: " + e, e);
        } catch (IOException e) {
            throw new PaymentOutcomeUnknownException("payment provider at " + charges + " did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PaymentOutcomeUnknownException("interrupted while the payment provider at " + charges + " was charging", e);
        }
        return switch (response.statusCode()) {
            case 200, 201 -> new ChargeResult(readCharge(response.body(), true),
                    response.headers().firstValue(REPLAYED).map(Boolean::parseBoolean).orElse(false));
            case 402 -> throw readDecline(response.body());
            case 409 -> throw new PaymentInProgressException(request.idempotencyKey());
            case 422 -> throw new IdempotencyKeyReusedException(request.idempotencyKey());
            default -> throw new PaymentFailedException("payment provider answered " + response.statusCode() + ": " + response.body());
        };
    }

    /**
     * Sends one request and reads its whole answer within the timeout. {@link HttpRequest#timeout} bounds the wait for
     * the response's headers only, so a body that stalls would hold the caller for ever: the whole exchange is bounded
     * here, and abandoned when it runs out ({@link HttpTimeoutException}).
     */
    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<String>> exchange = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            return exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            HttpTimeoutException late = new HttpTimeoutException("no full answer within " + timeout.toMillis() + " ms");
            late.initCause(e);
            throw late;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        }
    }

    /** The body of a charge request: {@code {"order_id": ..., "amount": 25.00, "currency": "USD"}}. */
    private static String requestBody(String orderId, Money amount) {
        return OrderJson.write(Map.of("order_id", orderId, "amount", amount.amount(), "currency", amount.currency()));
    }

    @Override
    public ChargeLookup lookup(String idempotencyKey) throws PaymentFailedException, InterruptedException {
        HttpRequest get = HttpRequest.newBuilder(charges.resolve(CHARGES_PATH + "/" + URLEncoder.encode(idempotencyKey, StandardCharsets.UTF_8)))
                .timeout(timeout).GET().build();
        HttpResponse<String> response;
        try {
            response = send(get);
        } catch (IOException e) {
            throw new PaymentFailedException("payment provider at " + charges + " did not answer a lookup: " + e, e);
        }
        return switch (response.statusCode()) {
            case 200 -> new ChargeLookup.Charged(readCharge(response.body(), false));
            case 404 -> new ChargeLookup.None();
            case 409 -> new ChargeLookup.Running();
            case 402 -> new ChargeLookup.Declined(readDecline(response.body()).code());
            default -> throw new PaymentFailedException("payment provider answered a lookup with " + response.statusCode() + ": " + response.body());
        };
    }

    /** @param charged the body answers a charge call: unreadable, it leaves the outcome unknown rather than failed */
    private static Charge readCharge(String body, boolean charged) throws PaymentFailedException {
        try {
            return OrderJson.read(body, Charge.class);
        } catch (InvalidOrderException e) {
            String message = "payment provider answered with an unreadable charge: " + e.getMessage();
            throw charged ? new PaymentOutcomeUnknownException(message, e) : new PaymentFailedException(message, e);
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
