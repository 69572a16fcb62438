package io.flashorders.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.aws.store.OrderTable;
import io.flashorders.it.support.BadInputCorpus;
import io.flashorders.it.support.BadInputCorpus.BodyCase;
import io.flashorders.it.support.BadInputCorpus.RequestCase;
import io.flashorders.it.support.Metrics;
import io.flashorders.it.support.OrderApi;
import io.flashorders.it.support.RawHttp;
import io.flashorders.it.support.TestSystem;
import io.flashorders.core.testing.Waits;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
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

    /**
     * A request URI that cannot be percent-decoded never reaches an application: the project's Liberty feature
     * (liberty-errors) answers it with the API's JSON error, whatever the client accepts.
     */
    @ParameterizedTest
    @ValueSource(strings = {"text/html", "application/json", "*/*"})
    void request_malformedUri_getsTheApisJsonErrorWhateverItAccepts(String accept) {
        RawHttp.Answer answer = RawHttp.send(TestSystem.HTTP_PORT, "GET", "/orders/%zz", accept);

        assertEquals(400, answer.status(), answer.body());
        assertJsonError(answer.header("Content-Type"), answer.body(), "bad_request");
        assertFalse(answer.body().contains("error_message"), answer.body());
        assertNothingChanged();
    }

    /**
     * The feature takes only malformed URIs: a well-formed escape reaches the order API, decoded ({@code %61sync} is
     * the order id "async", not the async endpoint, which JAX-RS matches on the path as sent).
     */
    @Test
    void request_wellFormedEscape_stillReachesTheApi() {
        RawHttp.Answer answer = RawHttp.send(TestSystem.HTTP_PORT, "GET", "/orders/%61sync", "application/json");

        assertEquals(404, answer.status(), answer.headers() + "\n" + answer.body());
        assertJsonError(answer.header("Content-Type"), answer.body(), "order_not_found");
        assertTrue(answer.body().contains("no order async"), answer.body());
    }

    /** What Liberty's own applications (health, metrics, OpenAPI) answer for a path they do not serve. */
    @ParameterizedTest
    @ValueSource(strings = {"/health/no/such/path", "/metrics/no/such/path", "/openapi/no/such/path", "/ibm/api/no/such/path"})
    void request_unknownPathUnderAFeaturesContextRoot_isRefused(String target) {
        RawHttp.Answer answer = RawHttp.send(TestSystem.HTTP_PORT, "GET", target, "application/json");

        System.out.println("GET " + target + " -> " + answer.status() + " " + answer.header("Content-Type") + " " + answer.body());
        assertTrue(answer.status() >= 400 && answer.status() < 500, answer.status() + " " + answer.body());
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

    @org.junit.jupiter.api.Test
    void openApi_showsTheBoundsTheServerChecks() {
        RawHttp.Answer openApi = RawHttp.send(TestSystem.HTTP_PORT, "GET", "/openapi?format=JSON");

        assertEquals(200, openApi.status(), openApi.body());
        // The order's own schemas: the sale's schemas have a price and a currency of their own.
        String item = openApi.body().substring(openApi.body().indexOf("\"OrderItem\""));
        String order = openApi.body().substring(openApi.body().indexOf("\"NewOrder\""));
        String price = section(item, "\"price\"");
        assertTrue(price.contains("\"maximum\" : 999999.99") || price.contains("\"maximum\":999999.99"), price);
        assertTrue(price.contains("0.01"), "a price is a multiple of one cent: " + price);
        assertTrue(section(item, "\"quantity\"").contains("10000"), item);
        assertTrue(section(item, "\"product_id\"").contains("64"), item);
        assertTrue(section(order, "\"currency\"").contains("\"USD\""), order);
    }

    /** The text from the first occurrence of {@code key} to the end of its object, roughly: enough to find its bounds. */
    private static String section(String json, String key) {
        int at = json.indexOf(key);
        assertTrue(at >= 0, key + " in " + json);
        int end = json.indexOf('}', at);
        return json.substring(at, end < 0 ? json.length() : end);
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

    /** Items in the order table that a request could have written: orders and idempotency keys. */
    private static long storedItems() {
        long count = 0;
        ScanResponse page = null;
        do {
            // Orders and idempotency keys; not the processors' completion counts, which come and go with any order paid.
            ScanRequest.Builder scan = ScanRequest.builder().tableName(TestSystem.dynamoDb().table().name()).select(Select.COUNT)
                    .filterExpression("NOT begins_with(#pk, :throughput)").expressionAttributeNames(Map.of("#pk", OrderTable.PK))
                    .expressionAttributeValues(Map.of(":throughput", AttributeValue.fromS("throughput#")));
            if (page != null) {
                scan.exclusiveStartKey(page.lastEvaluatedKey());
            }
            page = table.scan(scan.build());
            count += page.count();
        } while (page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty());
        return count;
    }
}
