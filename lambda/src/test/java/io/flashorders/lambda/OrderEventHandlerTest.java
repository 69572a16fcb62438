package io.flashorders.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flashorders.core.json.InvalidOrderException;
import io.flashorders.core.json.OrderJson;
import io.flashorders.core.order.NewOrder;
import io.flashorders.core.order.Order;
import io.flashorders.core.order.OrderStatus;
import io.flashorders.core.order.OrderItem;
import io.flashorders.core.payment.Charge;
import io.flashorders.core.payment.PaymentGate;
import io.flashorders.core.payment.PaymentLedger;
import io.flashorders.core.payment.ProviderSimulation;
import io.flashorders.core.payment.SimulatedPaymentProvider;
import io.flashorders.core.payment.PaymentStep;
import io.flashorders.core.progress.OrderProgress;
import io.flashorders.core.progress.StatusEvents;
import io.flashorders.core.progress.ThroughputRecorder;
import io.flashorders.core.store.Channel;
import io.flashorders.core.store.InMemoryOrderStore;
import io.flashorders.core.store.InMemoryThroughputLog;
import io.flashorders.core.store.OrderRecord;
import io.flashorders.core.store.ThroughputLog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The handler against SNS events from JSON fixtures (src/test/resources/events), handed over as the Lambda runtime
 * hands them to a stream handler, with real payments through the core's gate and ledger at short latencies.
 */
class OrderEventHandlerTest {

    private static final Duration LATENCY = Duration.ofMillis(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String ORDER_1 = "0b4c6f0e-8a57-4d0c-9d7e-3f1a2b5c6d01";
    private static final String ORDER_2 = "0b4c6f0e-8a57-4d0c-9d7e-3f1a2b5c6d02";
    private static final String ORDER_3 = "0b4c6f0e-8a57-4d0c-9d7e-3f1a2b5c6d03";

    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final ExecutorService background = Executors.newCachedThreadPool();

    @AfterEach
    void stopBackground() {
        background.shutdownNow();
    }

    @ParameterizedTest
    @ValueSource(strings = "events/sns-single-order.json")
    void handleRequest_singleOrder_chargesItsTotalOnceAndLogsPaid(String event) throws Exception {
        PaymentStep step = step(1, LATENCY, Duration.ZERO);
        OrderEventHandler handler = handler(step);

        handler.handleRequest(fixture(event), output, new FakeContext("req-1"));

        assertEquals(0, output.size(), "nothing to answer: SNS ignores an asynchronous invocation's result");

        assertEquals(List.of(ORDER_1), keys(ledger(step)));
        assertEquals(new BigDecimal("40.00"), ledger(step).charges().get(0).amount());
        JsonNode line = single(orderLines());
        assertEquals("req-1", line.get("request_id").asText());
        assertEquals("95df01b4-ee98-5cb9-9903-4c221d41eb01", line.get("message_id").asText());
        assertEquals(ORDER_1, line.get("order_id").asText());
        assertEquals("paid", line.get("outcome").asText());
        assertEquals(40.00, line.get("amount").asDouble(), 0.0001);
        assertEquals("USD", line.get("currency").asText(), "the amount travels with its currency");
        assertTrue(line.get("duration_ms").asLong() >= LATENCY.toMillis(), "a payment takes the latency: " + line);
        assertTrue(line.get("cold_start").asBoolean(), "first invocation of this handler: " + line);
    }

    @ParameterizedTest
    @ValueSource(strings = "events/sns-several-orders.json")
    void handleRequest_severalRecords_paysEachInRecordOrder(String event) throws Exception {
        PaymentStep step = step(1, LATENCY, Duration.ZERO);
        OrderEventHandler handler = handler(step);

        handler.handleRequest(fixture(event), output, new FakeContext("req-2"));

        List<JsonNode> orders = orderLines();
        assertEquals(List.of(ORDER_1, ORDER_2, ORDER_3), field(orders, "order_id"));
        assertEquals(List.of("paid", "paid", "paid"), field(orders, "outcome"));
        // Held at the currency's scale: the events said 5.0 and 3.3.
        assertEquals(Map.of(ORDER_1, new BigDecimal("40.00"), ORDER_2, new BigDecimal("5.00"), ORDER_3, new BigDecimal("3.30")),
                ledger(step).charges().stream().collect(Collectors.toMap(Charge::idempotencyKey, Charge::amount)));
    }

    @ParameterizedTest
    @ValueSource(strings = "events/sns-several-orders.json")
    void handleRequest_sameEventDeliveredAgain_answersFromLedgerWithoutCharging(String event) throws Exception {
        PaymentStep step = step(1, Duration.ofMillis(300), Duration.ZERO);
        OrderEventHandler handler = handler(step);
        handler.handleRequest(fixture(event), output, new FakeContext("req-3"));
        List<Charge> paid = List.copyOf(ledger(step).charges());
        lines.clear();

        long start = System.nanoTime();
        handler.handleRequest(fixture(event), output, new FakeContext("req-3-retry"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        List<JsonNode> orders = orderLines();
        assertEquals(List.of("already_paid", "already_paid", "already_paid"), field(orders, "outcome"));
        assertEquals(List.of("false", "false", "false"), field(orders, "cold_start"));
        assertEquals(Set.copyOf(paid), Set.copyOf(ledger(step).charges()), "nothing charged again");
        assertTrue(took.compareTo(Duration.ofMillis(300)) < 0, "no payment went through the provider again: " + took);
    }

    @ParameterizedTest
    @ValueSource(strings = {"events/malformed/no-message.json", "events/malformed/not-json.json", "events/malformed/truncated-order.json"})
    void handleRequest_unreadableMessage_failsTheInvocationAndChargesNothing(String event) throws Exception {
        assertFailsUnread(event, "malformed_json");
    }

    @ParameterizedTest
    @ValueSource(strings = "events/not-an-order/status-only.json")
    void handleRequest_jsonThatIsNotAnOrder_failsTheInvocationAndChargesNothing(String event) throws Exception {
        assertFailsUnread(event, "invalid_order");
    }

    private void assertFailsUnread(String event, String error) throws Exception {
        PaymentStep step = step(1, LATENCY, Duration.ZERO);
        OrderEventHandler handler = handler(step);

        OrderEventFailedException e = assertThrows(OrderEventFailedException.class,
                () -> handler.handleRequest(fixture(event), output, new FakeContext("req-4")));

        assertEquals(List.of(error), e.errors());
        assertEquals(1, e.records());
        assertTrue(ledger(step).charges().isEmpty());
        JsonNode line = single(orderLines());
        assertEquals("failed", line.get("outcome").asText());
        assertEquals(error, line.get("error").asText());
        assertEquals(snsField(event, "MessageId"), line.get("message_id").asText());
        assertFalse(line.has("order_id"), "no order id can be read: " + line);
        assertFalse(line.get("detail").asText().isBlank());
    }

    @ParameterizedTest
    @ValueSource(strings = "events/sns-single-order.json")
    void handleRequest_paymentGateBusy_failsTheInvocationAndTheRetryPaysOnce(String event) throws Exception {
        // The gate's only permit is held by another payment and the handler may not wait: the provider is busy.
        PaymentStep step = step(1, Duration.ofMillis(500), Duration.ZERO);
        OrderEventHandler handler = handler(step);
        PaymentGate.Permit other = step.gate().acquire("another-order");

        OrderEventFailedException e = assertThrows(OrderEventFailedException.class,
                () -> handler.handleRequest(fixture(event), output, new FakeContext("req-5")));

        assertEquals(List.of("payment_busy"), e.errors());
        assertTrue(ledger(step).charges().isEmpty(), "nothing charged");
        JsonNode failed = single(orderLines());
        assertEquals(ORDER_1, failed.get("order_id").asText());
        assertEquals("payment_busy", failed.get("error").asText());

        other.close();
        lines.clear();
        handler.handleRequest(fixture(event), output, new FakeContext("req-5-retry"));

        assertEquals(List.of(ORDER_1), keys(ledger(step)));
        assertEquals("paid", single(orderLines()).get("outcome").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = "events/sns-one-bad-record.json")
    void handleRequest_oneBadRecordAmongGoodOnes_paysTheGoodOnesFailsTheEventAndTheRetryChargesNothingTwice(String event)
            throws Exception {
        PaymentStep step = step(1, LATENCY, Duration.ZERO);
        OrderEventHandler handler = handler(step);

        OrderEventFailedException first = assertThrows(OrderEventFailedException.class,
                () -> handler.handleRequest(fixture(event), output, new FakeContext("req-6")));
        assertEquals(List.of("paid", "failed", "paid"), field(orderLines(), "outcome"));
        assertEquals(List.of("malformed_json"), first.errors());
        assertEquals(3, first.records());
        List<String> paidOnce = keys(ledger(step));
        assertEquals(List.of(ORDER_2, ORDER_3), paidOnce);

        lines.clear();
        assertThrows(OrderEventFailedException.class, () -> handler.handleRequest(fixture(event), output, new FakeContext("req-6-retry")));

        assertEquals(List.of("already_paid", "failed", "already_paid"), field(orderLines(), "outcome"));
        assertEquals(paidOnce, keys(ledger(step)), "the retry charged nothing again");
    }

    @ParameterizedTest
    @ValueSource(strings = "events/sns-single-order.json")
    void handleRequest_sameOrderBeingPaidRightNow_failsWithoutCharging(String event) throws Exception {
        // Two permits, so only the ledger's in-progress claim keeps the second delivery from paying.
        // The provider draws the charge's latency once it holds the key: from then on the key is in use.
        CountDownLatch keyClaimed = new CountDownLatch(1);
        PaymentStep step = new PaymentStep(new PaymentGate(2, Duration.ofMillis(400), Duration.ZERO),
                new SimulatedPaymentProvider(ProviderSimulation.steady(Duration.ofMillis(400)), new PaymentLedger(), () -> {
                    keyClaimed.countDown();
                    return 0.5;
                }));
        OrderEventHandler handler = handler(step);
        Future<Void> first = background.submit(() -> {
            handler.handleRequest(fixture(event), new ByteArrayOutputStream(), new FakeContext("req-7a"));
            return null;
        });
        assertTrue(keyClaimed.await(10, TimeUnit.SECONDS));

        OrderEventFailedException e = assertThrows(OrderEventFailedException.class,
                () -> handler.handleRequest(fixture(event), output, new FakeContext("req-7b")));
        first.get();

        assertEquals(List.of("payment_in_progress"), e.errors());
        assertEquals(List.of(ORDER_1), keys(ledger(step)), "charged once");
    }

    @ParameterizedTest
    @ValueSource(strings = "events/sns-single-order.json")
    void handleRequest_orderTable_movesTheOrderForwardToCompletedAndCountsTheCompletion(String event) throws Exception {
        InMemoryOrderStore store = new InMemoryOrderStore();
        InMemoryThroughputLog throughput = new InMemoryThroughputLog();
        Order order = OrderJson.readOrder(snsField(event, "Message"));
        store.create(OrderRecord.pending(order, OrderJson.write(order), Channel.ASYNC, Optional.empty(), OptionalLong.empty()));
        OrderEventHandler handler = tracking(step(1, LATENCY, Duration.ZERO), store, throughput);

        handler.handleRequest(fixture(event), output, new FakeContext("req-10"));

        OrderRecord completed = store.find(ORDER_1).orElseThrow();
        assertEquals(OrderStatus.COMPLETED, completed.status());
        assertEquals(List.of(OrderStatus.PENDING, OrderStatus.PROCESSING, OrderStatus.COMPLETED), List.copyOf(completed.transitions().keySet()));
        assertEquals(new BigDecimal("40.00"), completed.payment().orElseThrow().amount());
        assertEquals(1L, throughput.read(List.of(ThroughputLog.bucketStart(completed.transitions().get(OrderStatus.COMPLETED))))
                .values().stream().mapToLong(Long::longValue).sum(), "the completion was counted at the end of the invocation");
    }

    @ParameterizedTest
    @ValueSource(strings = "events/sns-single-order.json")
    void handleRequest_paymentDeclined_failsTheOrderAndDoesNotFailTheEvent(String event) throws Exception {
        InMemoryOrderStore store = new InMemoryOrderStore();
        Order order = OrderJson.readOrder(snsField(event, "Message"));
        store.create(OrderRecord.pending(order, OrderJson.write(order), Channel.ASYNC, Optional.empty(), OptionalLong.empty()));
        SimulatedPaymentProvider declining = new SimulatedPaymentProvider(
                new ProviderSimulation(Duration.ZERO, Duration.ZERO, 0, 1.0), new PaymentLedger(), () -> 0.5);
        PaymentStep step = new PaymentStep(new PaymentGate(1, LATENCY, Duration.ZERO), declining);

        // A decline is an answer, not a failure to retry: the invocation succeeds.
        tracking(step, store, new InMemoryThroughputLog()).handleRequest(fixture(event), output, new FakeContext("req-13"));

        OrderRecord failed = store.find(ORDER_1).orElseThrow();
        assertEquals(OrderStatus.FAILED, failed.status());
        assertEquals(Optional.of("card_declined"), failed.reason());
        assertTrue(declining.ledger().charges().isEmpty());
        JsonNode line = single(orderLines());
        assertEquals("declined", line.get("outcome").asText());
        assertEquals("card_declined", line.get("reason").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = "events/sns-single-order.json")
    void handleRequest_finishedOrderInAnotherEnvironment_acknowledgedWithoutCharging(String event) throws Exception {
        InMemoryOrderStore store = new InMemoryOrderStore();
        tracking(step(1, LATENCY, Duration.ZERO), store, new InMemoryThroughputLog()).handleRequest(fixture(event), output, new FakeContext("req-11a"));
        PaymentStep otherEnvironment = step(1, LATENCY, Duration.ZERO); // its ledger knows nothing of the first payment
        lines.clear();

        tracking(otherEnvironment, store, new InMemoryThroughputLog()).handleRequest(fixture(event), output, new FakeContext("req-11b"));

        assertTrue(ledger(otherEnvironment).charges().isEmpty(), "not charged again");
        JsonNode line = single(orderLines());
        assertEquals("already_finished", line.get("outcome").asText());
        assertEquals("completed", line.get("status").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = "events/sns-single-order.json")
    void handleRequest_orderAnotherProcessorIsPaying_failsWithOrderBusyWithoutCharging(String event) throws Exception {
        InMemoryOrderStore store = new InMemoryOrderStore();
        Order order = OrderJson.readOrder(snsField(event, "Message"));
        store.startProcessing(OrderRecord.pending(order, OrderJson.write(order), Channel.QUEUE, Optional.empty(), OptionalLong.empty()),
                "another-processor", Instant.now(), Duration.ofSeconds(30));
        PaymentStep step = step(1, LATENCY, Duration.ZERO);

        OrderEventFailedException e = assertThrows(OrderEventFailedException.class,
                () -> tracking(step, store, new InMemoryThroughputLog()).handleRequest(fixture(event), output, new FakeContext("req-12")));

        assertEquals(List.of("order_busy"), e.errors());
        assertTrue(ledger(step).charges().isEmpty());
        assertEquals(OrderStatus.PROCESSING, store.find(ORDER_1).orElseThrow().status());
    }

    @ParameterizedTest
    @ValueSource(strings = "events/sns-single-order.json")
    void handleRequest_paymentFailed_givesTheClaimUpSoTheRetryPaysAtOnce(String event) throws Exception {
        InMemoryOrderStore store = new InMemoryOrderStore();
        Order order = OrderJson.readOrder(snsField(event, "Message"));
        store.create(OrderRecord.pending(order, OrderJson.write(order), Channel.ASYNC, Optional.empty(), OptionalLong.empty()));
        PaymentStep failing = new PaymentStep(new PaymentGate(1, LATENCY, Duration.ZERO), new SimulatedPaymentProvider(
                new ProviderSimulation(Duration.ZERO, Duration.ZERO, 1.0, 0), new PaymentLedger(), () -> 0.5));

        OrderEventFailedException e = assertThrows(OrderEventFailedException.class,
                () -> tracking(failing, store, new InMemoryThroughputLog()).handleRequest(fixture(event), output, new FakeContext("req-14")));
        assertEquals(List.of("payment_failed"), e.errors());

        // Within the 30 s claim lease: only a released claim lets the retry pay now instead of failing with order_busy,
        // as the queue processor's next delivery does.
        PaymentStep working = step(1, LATENCY, Duration.ZERO);
        tracking(working, store, new InMemoryThroughputLog()).handleRequest(fixture(event), output, new FakeContext("req-14-retry"));
        assertEquals(OrderStatus.COMPLETED, store.find(ORDER_1).orElseThrow().status());
        assertEquals(List.of(ORDER_1), keys(ledger(working)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"Records\":[]}", "{}", "{\"Records\":null}"})
    void handleRequest_eventWithoutRecords_doesNothing(String event) throws Exception {
        PaymentStep step = step(1, LATENCY, Duration.ZERO);
        OrderEventHandler handler = handler(step);

        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), output, new FakeContext("req-8"));

        assertTrue(orderLines().isEmpty());
        assertTrue(ledger(step).charges().isEmpty());
    }

    @Test
    void handleRequest_inputThatIsNotAnSnsEvent_failsTheInvocationAndChargesNothing() {
        PaymentStep step = step(1, LATENCY, Duration.ZERO);
        OrderEventHandler handler = handler(step);

        InvalidOrderException e = assertThrows(InvalidOrderException.class, () -> handler.handleRequest(
                new ByteArrayInputStream("{\"Records\":".getBytes(StandardCharsets.UTF_8)), output, new FakeContext("req-9")));

        assertEquals(InvalidOrderException.MALFORMED_JSON, e.code());
        assertTrue(ledger(step).charges().isEmpty());
    }

    @Test
    void constructor_ready_logsOneInitLineWithItsDuration() throws Exception {
        long start = System.nanoTime();
        handler(step(1, Duration.ofMillis(3000), Duration.ZERO), start);
        double elapsedMillis = (System.nanoTime() - start) / 1e6;

        assertEquals(1, lines.size(), "only the init line: " + lines);
        JsonNode init = JSON.readTree(lines.get(0));
        assertEquals("init", init.get("event").asText());
        double initMillis = init.get("init_ms").asDouble();
        assertTrue(initMillis >= 0 && initMillis <= elapsedMillis + 0.1, initMillis + " ms of " + elapsedMillis);
        assertEquals(3000, init.get("payment_latency_ms").asLong());
        assertEquals(Runtime.version().toString(), init.get("java").asText());
    }

    @Test
    void snsEventRead_fixture_keepsTheRawOrderJsonAsTheMessageAndSkipsTheOtherFields() throws Exception {
        SnsEvent event = SnsEvent.read(new String(fixture("events/sns-single-order.json").readAllBytes(), StandardCharsets.UTF_8));

        SnsEvent.Message message = event.records().get(0).sns();
        assertEquals("95df01b4-ee98-5cb9-9903-4c221d41eb01", message.messageId());
        assertTrue(message.message().startsWith("{\"order_id\":\"" + ORDER_1 + "\""), message.message());
        assertEquals(1, event.records().size());
    }

    @Test
    void beforeCheckpoint_withTheOrderTable_primesTheStorePathWithoutWritingAnything() throws Exception {
        InMemoryOrderStore store = new InMemoryOrderStore();
        OrderEventHandler handler = tracking(step(1, Duration.ZERO, Duration.ZERO), store, new InMemoryThroughputLog());

        handler.beforeCheckpoint(null);

        JsonNode primed = JSON.readTree(lines.get(lines.size() - 1));
        assertEquals("primed", primed.get("event").asText());
        assertEquals("reached", primed.get("store").asText(), primed.toString());
        assertTrue(store.find("snapstart-priming").isEmpty(), "the priming write changed nothing");
    }

    @Test
    void beforeCheckpoint_withoutATable_primesTheJsonPathOnly() throws Exception {
        OrderEventHandler handler = handler(step(1, Duration.ZERO, Duration.ZERO));

        handler.beforeCheckpoint(null);

        JsonNode primed = JSON.readTree(lines.get(lines.size() - 1));
        assertEquals("primed", primed.get("event").asText());
        assertFalse(primed.has("store"), primed.toString());
    }

    /** An SNS event as the runtime hands it to the handler: the fixture's bytes. */
    private static InputStream fixture(String resource) {
        InputStream in = OrderEventHandlerTest.class.getClassLoader().getResourceAsStream(resource);
        assertNotNull(in, "no fixture " + resource);
        return in;
    }

    /** A field of the fixture's first record's notification, read apart from the handler's own reading. */
    private static String snsField(String resource, String field) {
        try (InputStream in = fixture(resource)) {
            return JSON.readTree(in).get("Records").get(0).get("Sns").get(field).asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private OrderEventHandler handler(PaymentStep step) {
        return handler(step, System.nanoTime());
    }

    private OrderEventHandler handler(PaymentStep step, long initStart) {
        return new OrderEventHandler(step, lines::add, initStart);
    }

    private OrderEventHandler tracking(PaymentStep step, InMemoryOrderStore store, InMemoryThroughputLog throughput) {
        ThroughputRecorder recorder = new ThroughputRecorder();
        OrderProgress progress = new OrderProgress(store, StatusEvents.NONE, recorder, Clock.systemUTC(), Duration.ofSeconds(30));
        return new OrderEventHandler(step, Optional.of(new LambdaProgress(progress, recorder, throughput)), lines::add, System.nanoTime());
    }

    private static PaymentStep step(int permits, Duration latency, Duration maxWait) {
        return new PaymentStep(new PaymentGate(permits, latency, maxWait),
                new SimulatedPaymentProvider(ProviderSimulation.steady(latency)));
    }

    private static PaymentLedger ledger(PaymentStep step) {
        return ((SimulatedPaymentProvider) step.provider()).ledger();
    }

    private List<JsonNode> orderLines() throws Exception {
        List<JsonNode> orders = new ArrayList<>();
        for (String line : List.copyOf(lines)) {
            assertFalse(line.contains("\n"), "one line per log entry: " + line);
            JsonNode node = JSON.readTree(line);
            if ("order".equals(node.get("event").asText())) {
                orders.add(node);
            }
        }
        return orders;
    }

    private static JsonNode single(List<JsonNode> nodes) {
        assertEquals(1, nodes.size(), "one order line: " + nodes);
        return nodes.get(0);
    }

    private static List<String> field(List<JsonNode> nodes, String name) {
        return nodes.stream().map(node -> node.get(name).asText()).toList();
    }

    private static List<String> keys(PaymentLedger ledger) {
        return ledger.charges().stream().map(Charge::idempotencyKey).sorted().toList();
    }
}
