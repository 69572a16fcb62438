package io.flashorders.core.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flashorders.core.dashboard.RequestTally.Outcome;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestTallyTest {

    @Test
    void answersAreCountedByEndpointAndKind() {
        RequestTally tally = new RequestTally();
        tally.record("post", "/orders/async", 202, null, 1_000_000);
        tally.record("POST", "/orders/async", 429, "too_many_requests", 1_000_000);
        tally.record("POST", "/orders/async", 503, "queue_unavailable", 1_000_000);
        tally.record("POST", "/sales/{id}/reservations", 409, "sold_out", 1_000_000);
        tally.record("POST", "/sales/{id}/reservations", 409, "limit_reached", 1_000_000);
        tally.record("GET", "/orders/{id}", 500, null, 1_000_000);

        Map<String, RequestTally.Sample> sample = tally.sample();
        RequestTally.Sample async = sample.get("POST /orders/async");
        assertEquals(1, async.count(Outcome.ACCEPTED));
        assertEquals(1, async.count(Outcome.TOO_MANY));
        assertEquals(1, async.count(Outcome.UNAVAILABLE));
        RequestTally.Sample reserve = sample.get("POST /sales/{id}/reservations");
        assertEquals(1, reserve.count(Outcome.SOLD_OUT));
        assertEquals(1, reserve.count(Outcome.CLIENT_ERROR));
        assertEquals(1, sample.get("GET /orders/{id}").count(Outcome.SERVER_ERROR));
    }

    @Test
    void endpointsBeyondTheCapShareOneRow() {
        RequestTally tally = new RequestTally();
        for (int i = 0; i < RequestTally.MAX_ENDPOINTS + 10; i++) {
            tally.record("GET", "/p" + i, 200, null, 1);
        }
        Map<String, RequestTally.Sample> sample = tally.sample();
        assertEquals(RequestTally.MAX_ENDPOINTS + 1, sample.size());
        assertEquals(10, sample.get(RequestTally.OTHER).count(Outcome.ACCEPTED));
    }
}
