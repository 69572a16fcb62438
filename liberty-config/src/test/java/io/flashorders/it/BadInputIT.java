package io.flashorders.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.it.support.Metrics;
import io.flashorders.it.support.OrderApi;
import io.flashorders.it.support.TestSystem;
import io.flashorders.it.support.Waits;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kind of bad request gets its own 4xx with a JSON error naming the problem, and nothing reaches the queue. */
class BadInputIT {

    private static final OrderApi API = TestSystem.api();
    private static Metrics before;

    @BeforeAll
    static void systemUp() {
        TestSystem.awaitReadyAndIdle();
        before = API.metrics();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        malformed JSON       | application/json | {"customer_id": 7,                                                   | 400 | malformed_json | "field":"line 1
        trailing garbage     | application/json | {"customer_id":7,"items":[{"product_id":"a","quantity":1,"price":1}]} x | 400 | malformed_json | is not valid JSON
        empty body           | application/json |                                                                      | 400 | malformed_json | request body is empty
        missing customer     | application/json | {"items":[{"product_id":"a","quantity":1,"price":1}]}                | 400 | invalid_order  | "field":"customer_id","problem":"is required"
        customer as string   | application/json | {"customer_id":"7","items":[{"product_id":"a","quantity":1,"price":1}]} | 400 | invalid_order | "field":"customer_id","problem":"must be an integer"
        empty items          | application/json | {"customer_id":7,"items":[]}                                         | 400 | invalid_order  | "field":"items","problem":"must contain at least one item"
        zero quantity        | application/json | {"customer_id":7,"items":[{"product_id":"a","quantity":0,"price":1}]} | 400 | invalid_order | "field":"items[0].quantity","problem":"must be greater than 0"
        negative price       | application/json | {"customer_id":7,"items":[{"product_id":"a","quantity":1,"price":-5}]} | 400 | invalid_order | "field":"items[0].price","problem":"must not be negative"
        quantity as string   | application/json | {"customer_id":7,"items":[{"product_id":"a","quantity":"1","price":1}]} | 400 | invalid_order | "field":"items[0].quantity","problem":"must be an integer"
        plain text           | text/plain       | {"customer_id":7,"items":[{"product_id":"a","quantity":1,"price":1}]} | 415 | unsupported_media_type | Content-Type must be application/json
        form encoded         | application/x-www-form-urlencoded | customer_id=7                                       | 415 | unsupported_media_type | Content-Type must be application/json
        """)
    void postAsync_badRequest_getsItsErrorAndQueuesNothing(String name, String contentType, String body, int status, String error, String detail) {
        assertRefused(API.post("/orders/async", contentType, bytes(body)), status, error, detail);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/orders/async", "/orders/sync"})
    void post_bodyOverSizeLimit_gets413(String path) {
        String padding = "x".repeat(16_384);
        String body = "{\"customer_id\":7,\"note\":\"" + padding + "\",\"items\":[{\"product_id\":\"a\",\"quantity\":1,\"price\":1}]}";

        assertRefused(API.post(path, "application/json", bytes(body)), 413, "request_entity_too_large", "larger than 16384 bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/orders/async", "/orders/sync"})
    void post_noContentType_gets415(String path) {
        assertRefused(API.post(path, null, bytes("{}")), 415, "unsupported_media_type", "Content-Type must be application/json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/orders/async", "/orders/sync"})
    void post_invalidOrder_getsSameErrorOnBothEndpoints(String path) {
        assertRefused(API.post(path, "application/json", bytes("{\"customer_id\":0,\"items\":[]}")), 400, "invalid_order",
                "\"field\":\"customer_id\",\"problem\":\"must be greater than 0\"");
    }

    @AfterAll
    static void nothingWasQueuedOrPaid() {
        // Anything queued by mistake would be paid within a payment latency or two.
        Waits.holdsFor("nothing accepted or paid", TestSystem.PAYMENT_LATENCY.multipliedBy(4), Duration.ofMillis(200), () -> {
            Metrics now = API.metrics();
            return now.accepted("async") == before.accepted("async") && now.accepted("sync") == before.accepted("sync")
                    && now.processorPayments() == before.processorPayments();
        });
        Metrics after = API.metrics();
        assertEquals(before.accepted("async"), after.accepted("async"), "async orders accepted");
        assertEquals(before.accepted("sync"), after.accepted("sync"), "sync orders accepted");
        assertEquals(before.processorPayments(), after.processorPayments(), "orders paid by the processor");
        assertEquals(before.syncPayments(), after.syncPayments(), "orders paid inline");
        assertEquals(0, TestSystem.queues().depth(TestSystem.ORDER_QUEUE).total(), "messages on the order queue");
        assertTrue(after.rejected("invalid_order") > before.rejected("invalid_order"), "rejections are counted");
    }

    private static void assertRefused(HttpResponse<String> response, int status, String error, String detail) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                "error body is JSON: " + response.headers().map());
        assertTrue(response.body().contains("\"error\":\"" + error + "\""), response.body());
        assertTrue(response.body().contains(detail), "expected '" + detail + "' in " + response.body());
    }

    private static byte[] bytes(String body) {
        return body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    }
}
