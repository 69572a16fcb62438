package io.flashorders.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.it.support.BadInputCorpus;
import io.flashorders.it.support.BadInputCorpus.BodyCase;
import io.flashorders.it.support.BadInputCorpus.RequestCase;
import io.flashorders.it.support.Metrics;
import io.flashorders.it.support.OrderApi;
import io.flashorders.it.support.RawHttp;
import io.flashorders.it.support.TestSystem;
import io.flashorders.it.support.Waits;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * The bad-input corpus (src/test/resources/bad-input/) against the running system: every bad request gets its own 4xx
 * with the API's JSON error naming the problem, and nothing is recorded in the order store, queued or sent to the
 * payment provider. A new endpoint adds its corpus file and its path to {@link #ENDPOINTS}.
 */
class BadInputIT {

    /** Each endpoint and the corpus of bodies it must refuse. */
    private static final Map<String, String> ENDPOINTS = Map.of(
            "/orders/async", "orders.txt",
            "/orders/sync", "orders.txt");

    private static final OrderApi API = TestSystem.api();
    private static DynamoDbClient table;
    private static Metrics before;
    private static long storedBefore;
    private static long chargeRequestsBefore;

    @BeforeAll
    static void systemUp() {
        TestSystem.awaitReadyAndIdle();
        table = TestSystem.orderTable();
        before = API.metrics();
        storedBefore = storedItems();
        chargeRequestsBefore = TestSystem.paymentProvider().stats().requests();
    }

    static Stream<Arguments> badBodies() {
        return ENDPOINTS.entrySet().stream().sorted(Map.Entry.comparingByKey()).flatMap(endpoint ->
                BadInputCorpus.bodies(endpoint.getValue()).stream().map(c -> Arguments.of(endpoint.getKey(), c)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badBodies")
    void post_badBody_getsItsJsonErrorAndChangesNothing(String path, BodyCase bad) {
        HttpResponse<String> response = API.post(path, bad.contentType(), bad.body());

        assertEquals(bad.status(), response.statusCode(), response.body());
        assertJsonError(response.headers().firstValue("Content-Type").orElse(""), response.body(), bad.error());
        assertTrue(response.body().contains(bad.detail()), "expected '" + bad.detail() + "' in " + response.body());
        assertNothingChanged();
    }

    static List<RequestCase> badRequests() {
        return BadInputCorpus.requests("protocol.txt");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void request_theContainerAnswers_getsTheApisJsonError(RequestCase bad) {
        RawHttp.Answer answer = RawHttp.send(TestSystem.HTTP_PORT, bad.method(), bad.target());

        assertEquals(bad.status(), answer.status(), answer.headers() + "\n" + answer.body());
        assertJsonError(answer.header("Content-Type"), answer.body(), bad.error());
        assertNothingChanged();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/orders/async", "/orders/sync"})
    void post_bodyOverSizeLimit_gets413(String path) {
        String padding = "x".repeat(16_384);
        String body = "{\"customer_id\":7,\"note\":\"" + padding + "\",\"items\":[{\"product_id\":\"a\",\"quantity\":1,\"price\":1}]}";

        HttpResponse<String> response = API.post(path, "application/json", body.getBytes(StandardCharsets.UTF_8));

        assertEquals(413, response.statusCode(), response.body());
        assertJsonError(response.headers().firstValue("Content-Type").orElse(""), response.body(), "request_entity_too_large");
        assertTrue(response.body().contains("larger than 16384 bytes"), response.body());
    }

    @AfterAll
    static void nothingWasQueuedOrPaid() {
        // Anything queued by mistake would be paid within a payment latency or two.
        Waits.sleep(TestSystem.PAYMENT_LATENCY.multipliedBy(4));
        Metrics after = API.metrics();
        assertEquals(before.accepted("async"), after.accepted("async"), "async orders accepted");
        assertEquals(before.accepted("sync"), after.accepted("sync"), "sync orders accepted");
        assertEquals(before.processorPayments(), after.processorPayments(), "orders paid by the processor");
        assertEquals(before.syncPayments(), after.syncPayments(), "orders paid inline");
        assertNothingChanged();
        assertTrue(after.rejected("invalid_order") > before.rejected("invalid_order"), "rejections are counted");
    }

    private static void assertJsonError(String contentType, String body, String error) {
        assertTrue(contentType.startsWith("application/json"), "error body is JSON, not " + contentType + ": " + body);
        assertTrue(body.startsWith("{") && body.contains("\"error\":\"" + error + "\""), body);
        assertTrue(body.contains("\"message\":"), body);
    }

    /** Nothing recorded, queued or charged: the order table, the order queue and the provider's requests are as they were. */
    private static void assertNothingChanged() {
        assertEquals(storedBefore, storedItems(), "items in the order table");
        assertEquals(0, TestSystem.queues().depth(TestSystem.ORDER_QUEUE).total(), "messages on the order queue");
        assertEquals(chargeRequestsBefore, TestSystem.paymentProvider().stats().requests(), "requests to the payment provider");
    }

    private static long storedItems() {
        long count = 0;
        ScanResponse page = null;
        do {
            ScanRequest.Builder scan = ScanRequest.builder().tableName(TestSystem.dynamoDb().table().name()).select(Select.COUNT);
            if (page != null) {
                scan.exclusiveStartKey(page.lastEvaluatedKey());
            }
            page = table.scan(scan.build());
            count += page.count();
        } while (page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty());
        return count;
    }
}
