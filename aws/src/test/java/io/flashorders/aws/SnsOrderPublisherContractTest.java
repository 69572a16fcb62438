package io.flashorders.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.flashorders.core.json.OrderJson;
import io.flashorders.core.money.OrderLimits;
import io.flashorders.core.order.NewOrder;
import io.flashorders.core.order.Order;
import io.flashorders.core.order.OrderItem;
import io.flashorders.core.publish.BatchPublisher;
import io.flashorders.core.publish.PublishException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.InternalErrorException;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.SnsException;

/**
 * Pins what {@link SnsOrderPublisher} sends to SNS and how it reacts to SNS's answers. SDK v2 talks to
 * SNS in the Query protocol (form-encoded POST, XML answer); WireMock stands in for the SNS API, answering
 * with the fixtures under {@code sns/}, which are shaped like real SNS responses.
 */
class SnsOrderPublisherContractTest {

    /** No 12-digit account id: the repository's secrets check flags those in ARNs. */
    private static final String TOPIC_ARN = "arn:aws:sns:us-east-1:contract-test:order-processing-events";

    private static final String XML = "text/xml";
    /** The SDK's default retry policy allows at most this many attempts per call. */
    private static final int MAX_ATTEMPTS = 4;

    @RegisterExtension
    static final WireMockExtension SNS = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private final List<SnsClient> clients = new ArrayList<>();
    private final Order order = new NewOrder(42, OrderLimits.DEFAULT_CURRENCY, List.of(new OrderItem("sku-1", 2, new BigDecimal("9.99"))))
            .accept(Clock.systemUTC());

    @AfterEach
    void closeClients() {
        clients.forEach(SnsClient::close);
    }

    // --- publish: what is sent ---

    @Test
    void publish_topicAccepts_sendsOrderJsonAsMessage() throws Exception {
        stubAction("Publish", 200, "publish-response.xml");

        publisher(standIn()).publish(order.orderId(), OrderJson.write(order));

        List<LoggedRequest> requests = SNS.findAll(postRequestedFor(urlEqualTo("/")));
        assertEquals(1, requests.size(), "one POST to /");
        LoggedRequest request = requests.get(0);
        Map<String, List<String>> form = decodeForm(request.getBodyAsString());
        String message = single(form, "Message");
        assertAll(
                () -> assertTrue(request.getHeader("Content-Type").startsWith("application/x-www-form-urlencoded"),
                        "Content-Type was " + request.getHeader("Content-Type")),
                () -> assertEquals("Publish", single(form, "Action")),
                () -> assertEquals("2010-03-31", single(form, "Version")),
                () -> assertEquals(TOPIC_ARN, single(form, "TopicArn")),
                () -> assertEquals(OrderJson.write(order), message),
                () -> assertEquals(order, OrderJson.readOrder(message)),
                // Raw delivery hands the bare message to SQS: no attributes, subject or FIFO fields.
                () -> assertEquals(List.of("Action", "Version", "TopicArn", "Message"), List.copyOf(form.keySet()),
                        "form parameters"));
    }

    @Test
    void publish_topicAccepts_returnsNormally() {
        stubAction("Publish", 200, "publish-response.xml");

        assertDoesNotThrow(() -> publisher(standIn()).publish(order.orderId(), OrderJson.write(order)));
    }

    // --- publishAll: one PublishBatch ---

    @Test
    void publishAll_oneEntryFailed_oneCallWithEveryOrderAndOnlyThatEntryReported() throws Exception {
        stubAction("PublishBatch", 200, "publish-batch-response.xml");
        List<Order> orders = List.of(order, anotherOrder(), anotherOrder());
        List<BatchPublisher.Message> messages = orders.stream()
                .map(o -> new BatchPublisher.Message(o.orderId(), OrderJson.write(o))).toList();

        Map<Integer, PublishException> failed = publisher(standIn()).publishAll(messages);

        List<LoggedRequest> requests = SNS.findAll(postRequestedFor(urlEqualTo("/")));
        assertEquals(1, requests.size(), "one POST to /");
        Map<String, List<String>> form = decodeForm(requests.get(0).getBodyAsString());
        assertAll(
                () -> assertEquals("PublishBatch", single(form, "Action")),
                () -> assertEquals(TOPIC_ARN, single(form, "TopicArn")),
                () -> assertEquals("1", single(form, "PublishBatchRequestEntries.member.2.Id")),
                () -> assertEquals(OrderJson.write(orders.get(2)), single(form, "PublishBatchRequestEntries.member.3.Message")),
                () -> assertEquals(List.of(1), List.copyOf(failed.keySet())),
                () -> assertTrue(failed.get(1).getMessage().contains(orders.get(1).orderId()), failed.get(1).getMessage()),
                () -> assertTrue(failed.get(1).getMessage().contains("InternalError"), failed.get(1).getMessage()));
    }

    @Test
    void publishAll_topicDoesNotExist_throwsPublishException() {
        stubAction("PublishBatch", 404, "error-not-found.xml");

        assertThrows(PublishException.class, () -> publisher(standIn())
                .publishAll(List.of(new BatchPublisher.Message(order.orderId(), OrderJson.write(order)))));
    }

    private static Order anotherOrder() {
        return new NewOrder(43, OrderLimits.DEFAULT_CURRENCY, List.of(new OrderItem("sku-2", 1, new BigDecimal("5.00")))).accept(Clock.systemUTC());
    }

    // --- publish: how errors are handled ---

    @Test
    void publish_topicDoesNotExist_throwsPublishExceptionWithoutRetrying() {
        stubAction("Publish", 404, "error-not-found.xml");

        PublishException thrown = assertThrows(PublishException.class, () -> publisher(standIn()).publish(order.orderId(), OrderJson.write(order)));

        NotFoundException cause = assertInstanceOf(NotFoundException.class, thrown.getCause());
        assertAll(
                () -> assertEquals(404, cause.statusCode()),
                () -> assertEquals("NotFound", cause.awsErrorDetails().errorCode()),
                () -> assertTrue(thrown.getMessage().contains(order.orderId()), thrown.getMessage()),
                () -> assertTrue(thrown.getMessage().contains(TOPIC_ARN), thrown.getMessage()),
                () -> assertEquals(1, attempts(), "a client error is not retried"));
    }

    @Test
    void publish_topicFailsInternally_retriesBoundedThenThrowsPublishException() {
        stubAction("Publish", 500, "error-internal.xml");

        PublishException thrown = assertThrows(PublishException.class,
                () -> publisher(standIn(Duration.ofSeconds(30))).publish(order.orderId(), OrderJson.write(order)));

        InternalErrorException cause = assertInstanceOf(InternalErrorException.class, thrown.getCause());
        int attempts = attempts();
        assertAll(
                () -> assertEquals(500, cause.statusCode()),
                () -> assertTrue(attempts > 1, "retried, attempts: " + attempts),
                () -> assertTrue(attempts <= MAX_ATTEMPTS, "bounded, attempts: " + attempts),
                () -> assertTrue(SNS.findAll(postRequestedFor(urlEqualTo("/"))).stream()
                        .allMatch(r -> OrderJson.write(order).equals(single(decodeForm(r.getBodyAsString()), "Message"))),
                        "every attempt carries the same order"));
    }

    @Test
    void publish_topicThrottles_retriesBoundedThenThrowsPublishException() {
        stubAction("Publish", 400, "error-throttling.xml");

        // Throttling backs off longer than other errors; give the retries room so the cause is SNS's answer.
        PublishException thrown = assertThrows(PublishException.class,
                () -> publisher(standIn(Duration.ofSeconds(30))).publish(order.orderId(), OrderJson.write(order)));

        SnsException cause = assertInstanceOf(SnsException.class, thrown.getCause());
        int attempts = attempts();
        assertAll(
                () -> assertEquals("Throttling", cause.awsErrorDetails().errorCode()),
                () -> assertTrue(cause.isThrottlingException(), "recognised as throttling"),
                () -> assertTrue(attempts > 1, "retried, attempts: " + attempts),
                () -> assertTrue(attempts <= MAX_ATTEMPTS, "bounded, attempts: " + attempts));
    }

    @Test
    void publish_topicNeverAnswers_throwsPublishExceptionWithinCallTimeout() {
        Duration delay = Duration.ofSeconds(8);
        SNS.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=Publish"))
                .willReturn(xml(200, "publish-response.xml").withFixedDelay((int) delay.toMillis())));
        SnsOrderPublisher publisher = publisher(standIn(Duration.ofMillis(300)));

        long start = System.nanoTime();
        PublishException thrown = assertThrows(PublishException.class, () -> publisher.publish(order.orderId(), OrderJson.write(order)));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertAll(
                () -> assertInstanceOf(ApiCallTimeoutException.class, thrown.getCause()),
                // 300 ms configured; the bound only has to prove we did not wait for the answer.
                () -> assertTrue(elapsed.compareTo(delay.dividedBy(2)) < 0, "took " + elapsed.toMillis() + " ms"));
    }

    // --- reachable ---

    @Test
    void reachable_topicAnswers_returnsTrue() {
        stubAction("GetTopicAttributes", 200, "get-topic-attributes-response.xml");

        assertTrue(publisher(standIn()).reachable());

        LoggedRequest request = SNS.findAll(postRequestedFor(urlEqualTo("/"))).get(0);
        Map<String, List<String>> form = decodeForm(request.getBodyAsString());
        assertAll(
                () -> assertEquals("GetTopicAttributes", single(form, "Action")),
                () -> assertEquals("2010-03-31", single(form, "Version")),
                () -> assertEquals(TOPIC_ARN, single(form, "TopicArn")));
    }

    @Test
    void reachable_topicDoesNotExist_returnsFalse() {
        stubAction("GetTopicAttributes", 404, "error-not-found.xml");

        assertFalse(publisher(standIn()).reachable());
    }

    @Test
    void reachable_topicFailsInternally_returnsFalse() {
        stubAction("GetTopicAttributes", 500, "error-internal.xml");

        assertFalse(publisher(standIn(Duration.ofSeconds(30))).reachable());
    }

    @Test
    void reachable_nothingListens_returnsFalse() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        AwsSettings settings = new AwsSettings("us-east-1", Optional.of(URI.create("http://127.0.0.1:" + port)),
                Duration.ofSeconds(5));

        assertFalse(publisher(settings).reachable());
    }

    // --- destination ---

    @Test
    void destination_always_namesTopic() {
        assertEquals("sns:" + TOPIC_ARN, publisher(standIn()).destination());
    }

    // --- helpers ---

    private static AwsSettings standIn() {
        return AwsSettings.local(URI.create(SNS.baseUrl()));
    }

    private static AwsSettings standIn(Duration callTimeout) {
        return new AwsSettings("us-east-1", Optional.of(URI.create(SNS.baseUrl())), callTimeout);
    }

    private SnsOrderPublisher publisher(AwsSettings settings) {
        SnsClient client = AwsClients.sns(settings);
        clients.add(client);
        return new SnsOrderPublisher(client, TOPIC_ARN, settings.callTimeout());
    }

    private static void stubAction(String action, int status, String fixture) {
        SNS.stubFor(post(urlEqualTo("/"))
                .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                .withFormParam("Action", equalTo(action))
                .willReturn(xml(status, fixture)));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder xml(int status, String fixture) {
        return aResponse().withStatus(status).withHeader("Content-Type", XML).withBody(fixture(fixture));
    }

    private static int attempts() {
        return SNS.findAll(postRequestedFor(urlEqualTo("/"))).size();
    }

    private static String fixture(String name) {
        try (InputStream in = SnsOrderPublisherContractTest.class.getResourceAsStream("/sns/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture sns/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes an application/x-www-form-urlencoded body, keeping the parameters' order. */
    private static Map<String, List<String>> decodeForm(String body) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return form;
    }

    private static String single(Map<String, List<String>> form, String key) {
        List<String> values = form.getOrDefault(key, List.of());
        assertEquals(1, values.size(), () -> "form parameter " + key + " in " + form.keySet());
        return values.get(0);
    }
}
