package io.flashorders.it.support;

import io.flashorders.core.testing.Waits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** The order API and the server's health and metrics endpoints, over plain HTTP. */
public final class OrderApi {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String base;

    OrderApi(String base) {
        this.base = base;
    }

    public HttpResponse<String> postAsync(String body) {
        return send(post("/orders/async", "application/json", body));
    }

    public CompletableFuture<HttpResponse<String>> postAsyncLater(String body) {
        return HTTP.sendAsync(post("/orders/async", "application/json", body).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> postSync(String body) {
        return send(post("/orders/sync", "application/json", body));
    }

    /** A POST to /orders/async or /orders/sync with an Idempotency-Key header. */
    public HttpResponse<String> postWithKey(String path, String body, String idempotencyKey) {
        return send(post(path, "application/json", body).header("Idempotency-Key", idempotencyKey));
    }

    /** {@link #postWithKey}, without waiting for the answer. */
    public CompletableFuture<HttpResponse<String>> postWithKeyLater(String path, String body, String idempotencyKey) {
        return HTTP.sendAsync(post(path, "application/json", body).header("Idempotency-Key", idempotencyKey).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Repeats a sync request with its key, as a client told 409 would (after its Retry-After), until it gets another
     * answer.
     *
     * @param deadline System.nanoTime() by which the answer must have come; a Retry-After pointing past it fails
     */
    public HttpResponse<String> retrySyncUntilAnswered(String body, String idempotencyKey, long deadline) {
        while (true) {
            HttpResponse<String> answer = postWithKey("/orders/sync", body, idempotencyKey);
            if (answer.statusCode() != 409) {
                return answer;
            }
            long retryAfter = Long.parseLong(answer.headers().firstValue("Retry-After").orElseThrow());
            long left = deadline - System.nanoTime();
            if (left <= 0 || Duration.ofSeconds(retryAfter).toNanos() > left + Duration.ofSeconds(1).toNanos()) {
                throw new AssertionError("409 with Retry-After " + retryAfter + " s, " + Duration.ofNanos(left).toMillis()
                        + " ms before the order must be settled: " + answer.body());
            }
            Waits.sleep(Duration.ofSeconds(retryAfter));
        }
    }

    /** GET /orders/{id}. */
    public HttpResponse<String> order(String orderId) {
        return send(HttpRequest.newBuilder(URI.create(base + "/orders/" + orderId)).timeout(Duration.ofSeconds(30)).GET());
    }

    public HttpResponse<String> post(String path, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    public HttpResponse<String> readiness() {
        return send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).timeout(Duration.ofSeconds(30)).GET());
    }

    /** The API document (mpOpenAPI), in YAML. */
    public HttpResponse<String> openApi() {
        return send(HttpRequest.newBuilder(URI.create(base + "/openapi")).timeout(Duration.ofSeconds(30)).GET());
    }

    public Metrics metrics() {
        return new Metrics(send(HttpRequest.newBuilder(URI.create(base + "/metrics")).timeout(Duration.ofSeconds(30)).GET()).body());
    }

    private HttpRequest.Builder post(String path, String contentType, String body) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /** Sends on the shared client; for SaleApi too. */
    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
