package io.flashorders.it.support;

import io.flashorders.core.testing.Waits;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** The sale endpoints over HTTP, as a customer and (with the test server's token) as an admin. */
public final class SaleApi {

    private final String base;
    private final String adminToken;

    SaleApi(String base, String adminToken) {
        this.base = base;
        this.adminToken = adminToken;
    }

    /** Opens a sale (as admin) that started a second ago and runs for an hour; returns its id. */
    public String open(String saleId, int stock, int holdSeconds, int perCustomerLimit) {
        String body = "{\"sale_id\":\"" + saleId + "\",\"product_id\":\"flash-phone\",\"stock\":" + stock
                + ",\"price\":299.99,\"currency\":\"EUR\",\"starts_at\":\"" + Instant.now().minusSeconds(1)
                + "\",\"ends_at\":\"" + Instant.now().plusSeconds(3600) + "\",\"hold_seconds\":" + holdSeconds
                + ",\"per_customer_limit\":" + perCustomerLimit + "}";
        HttpResponse<String> opened = admin("POST", "/admin/sales", "application/json", body);
        if (opened.statusCode() != 201) {
            throw new IllegalStateException("sale not opened: " + opened.statusCode() + " " + opened.body());
        }
        return saleId;
    }

    public HttpResponse<String> availability(String saleId) {
        return OrderApi.send(request("/sales/" + saleId).GET());
    }

    /**
     * Availability as read after every write made before this call. An instance answers from its last read of the
     * sale for up to sales.availability.cache.ms (the test server's {@code it.sales.availability.cache.ms}): this asks
     * until the answer's {@code as_of} (when it was read) is not before the call, which the cache's bound makes a
     * matter of that long at most, or until the answer is not a 200 or is marked stale (the store unreachable: the
     * figures last read, as old as they say).
     */
    public HttpResponse<String> availabilityAfterWrites(String saleId) {
        Instant asked = Instant.now();
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        Waits.until("availability of " + saleId + " read after " + asked, Duration.ofSeconds(5), Duration.ofMillis(50), () -> {
            HttpResponse<String> read = availability(saleId);
            last.set(read);
            if (read.statusCode() != 200) {
                return true;
            }
            var view = OrderJsonReader.read(read.body());
            return view.get("stale").asBoolean() || !Instant.parse(view.get("as_of").asText()).isBefore(asked);
        });
        return last.get();
    }

    public HttpResponse<String> reserve(String saleId, long customerId) {
        return customer("POST", "/sales/" + saleId + "/reservations", "application/json",
                "{\"customer_id\":" + customerId + "}");
    }

    public HttpResponse<String> reservation(String saleId, String reservationId) {
        return OrderApi.send(request("/sales/" + saleId + "/reservations/" + reservationId).GET());
    }

    public HttpResponse<String> cancel(String saleId, String reservationId) {
        return OrderApi.send(request("/sales/" + saleId + "/reservations/" + reservationId).DELETE());
    }

    public HttpResponse<String> checkout(String saleId, String reservationId) {
        return customer("POST", "/sales/" + saleId + "/reservations/" + reservationId + "/checkout", null, null);
    }

    public HttpResponse<String> replayCheck(String saleId) {
        return admin("GET", "/admin/sales/" + saleId + "/audit/replay", null, null);
    }

    public HttpResponse<String> audit(String saleId) {
        return admin("GET", "/admin/sales/" + saleId + "/audit?limit=10000", null, null);
    }

    /** A customer's request: any method, path, content type (null: none), body (null: none), extra header pairs. */
    public HttpResponse<String> customer(String method, String path, String contentType, String body, String... headers) {
        HttpRequest.Builder request = request(path).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return OrderApi.send(request);
    }

    /** An admin's request with the test server's bearer token. */
    public HttpResponse<String> admin(String method, String path, String contentType, String body) {
        return customer(method, path, contentType, body, "Authorization", "Bearer " + adminToken);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    }
}
