package io.flashorders.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.core.order.OrderStatus;
import io.flashorders.core.payment.Charge;
import io.flashorders.core.payment.ProviderSimulation;
import io.flashorders.core.payment.ProviderStats;
import io.flashorders.it.support.FaultTally;
import io.flashorders.it.support.LibertyServer;
import io.flashorders.it.support.OrderApi;
import io.flashorders.it.support.Queues;
import io.flashorders.it.support.SampleOrders;
import io.flashorders.it.support.TestSystem;
import io.flashorders.core.testing.Waits;
import io.flashorders.core.store.OrderRecord;
import io.flashorders.local.LocalPaymentProvider;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The processor under faults, against the real Liberty server, the real SQS-compatible server and the payment
 * provider whose ledger outlives the processor. Every scenario counts from the outside (the provider's charges, the
 * dead-letter queue) and must end with nothing lost and nothing paid twice. The table is printed at the end and
 * written to target/fault-report.txt.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessorFaultsIT {

    private static final Pattern ORDER_ID = Pattern.compile("\"order_id\":\"([0-9a-f-]{36})\"");
    private static final Duration SETTLE = Duration.ofSeconds(120);
    private static final List<FaultTally> REPORT = new ArrayList<>();

    private final OrderApi api = TestSystem.api();
    private final Queues queues = TestSystem.queues();
    private LocalPaymentProvider provider;

    @BeforeEach
    void systemUp() {
        TestSystem.awaitReadyAndIdle();
        provider = TestSystem.paymentProvider();
        provider.simulate(TestSystem.PAYMENT);
        queues.drain(TestSystem.DEAD_LETTER_QUEUE);
    }

    @AfterEach
    void steadyProviderAndServerUp() {
        TestSystem.paymentProvider().simulate(TestSystem.PAYMENT);
        if (!LibertyServer.isRunning()) {
            LibertyServer.start();
        }
    }

    @Test
    @Order(1)
    void sameMessageDeliveredTwice_paidOnce() {
        ProviderStats before = provider.stats();
        HttpResponse<String> accepted = api.postAsync(SampleOrders.valid());
        assertEquals(202, accepted.statusCode(), accepted.body());

        queues.send(TestSystem.ORDER_QUEUE, accepted.body());
        FaultTally tally = report(settle("6 same message delivered twice (1 order, 2 messages)", List.of(orderId(accepted))));

        assertClean(tally);
        ProviderStats after = provider.stats();
        assertEquals(1, after.charged() - before.charged(), "one charge for two deliveries (the second found the order "
                + "completed in the store, or was answered from the provider's ledger)");
    }

    @Test
    @Order(2)
    void poisonMessagesAmongGoodOnes_poisonDeadLetteredAtOnceWithReasonGoodOnesPaid() {
        Map<String, String> poison = Map.of(
                "{not json", "malformed_json",
                "[1,2,3]", "invalid_order",
                "{\"order_id\":\"x\"}", "invalid_order",
                "plain text, not an order", "malformed_json");
        long deadLetteredBefore = deadLetteredByProcessor();
        List<String> ids = new ArrayList<>();
        long start = System.nanoTime();
        for (int round = 0; round < 5; round++) {
            ids.addAll(sendAsync(20));
            poison.keySet().forEach(body -> queues.send(TestSystem.ORDER_QUEUE, body));
        }
        Waits.until("poison dead-lettered", SETTLE, () -> queues.depth(TestSystem.DEAD_LETTER_QUEUE).visible() == 20);
        Duration toDeadLetter = Duration.ofNanos(System.nanoTime() - start);
        List<Message> deadLetters = queues.drain(TestSystem.DEAD_LETTER_QUEUE);
        FaultTally tally = report(settle("4 poison mixed into good traffic (100 + 20)", ids).withPoison(20, deadLetters.size()));

        assertClean(tally);
        assertEquals(20, deadLetters.size());
        for (Message letter : deadLetters) {
            String reason = letter.messageAttributes().get("failure_reason").stringValue();
            assertEquals(poison.get(letter.body()), reason, "reason for " + letter.body());
            assertTrue(!letter.messageAttributes().get("failure_detail").stringValue().isBlank());
        }
        // Redrive would take 5 receives of a 3 s visibility timeout at the least.
        assertTrue(toDeadLetter.compareTo(Duration.ofSeconds(5L * TestSystem.VISIBILITY_TIMEOUT_SECONDS)) < 0,
                "dead-lettered at once, not after the redrive policy's receives: " + toDeadLetter);
        assertEquals(20, deadLetteredByProcessor() - deadLetteredBefore, "orders_dead_lettered_total");
    }

    @Test
    @Order(3)
    void twentyPercentPaymentFailures_everyOrderPaidOrDeadLetteredNoneTwice() {
        ProviderStats before = provider.stats();
        provider.simulate(new ProviderSimulation(TestSystem.PAYMENT_LATENCY, TestSystem.PAYMENT_LATENCY.dividedBy(4), 0.2));

        List<String> ids = sendAsync(200);
        FaultTally tally = report(settle("3 20% payment failures, latency jitter 25%", ids));

        assertClean(tally);
        long failed = provider.stats().failed() - before.failed();
        assertTrue(failed >= 10, "failures were injected: " + failed);
        assertEquals(ids.size(), tally.paid() + tally.deadLettered());
    }

    @Test
    @Order(3)
    void paymentAlwaysFailing_backsOffThenDeadLetteredAfterTheRedrivePolicysReceives() {
        ProviderStats before = provider.stats();
        provider.simulate(new ProviderSimulation(Duration.ZERO, Duration.ZERO, 1.0));
        long start = System.nanoTime();

        List<String> ids = sendAsync(3);
        FaultTally tally = report(settle("3b payment always failing", ids));

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(0, tally.lost(), "lost");
        assertEquals(3, tally.deadLettered(), "every order dead-lettered by the redrive policy");
        assertEquals(5L * ids.size(), provider.stats().requests() - before.requests(), "5 receives each, one charge attempt per receive");
        // Back-offs of 1, 1, 2 and 4 s between the 5 receives: a negative acknowledge would have taken well under a second.
        assertTrue(took.compareTo(Duration.ofSeconds(8)) >= 0, "backed off between attempts: " + took);
    }

    @Test
    @Order(4)
    void paymentLongerThanTheVisibilityTimeout_extendedNotRedelivered() {
        Duration longPayment = Duration.ofSeconds(TestSystem.VISIBILITY_TIMEOUT_SECONDS * 2L + 1);
        provider.simulate(ProviderSimulation.steady(longPayment));
        ProviderStats before = provider.stats();

        List<String> ids = sendAsync(TestSystem.WORKERS);
        FaultTally tally = report(settle("2 payment " + longPayment.toSeconds() + " s > visibility timeout "
                + TestSystem.VISIBILITY_TIMEOUT_SECONDS + " s", ids));

        assertClean(tally);
        ProviderStats after = provider.stats();
        assertEquals(ids.size(), after.requests() - before.requests(),
                "one charge request per order: no message came back to another worker while being paid");
    }

    @Test
    @Order(5)
    void gracefulStopDuringLoad_inFlightPaymentsFinishAndTheRestStaysQueued() {
        provider.simulate(ProviderSimulation.steady(Duration.ofSeconds(2)));
        int chargedBefore = provider.charges().size();
        List<String> ids = sendAsync(100);
        Waits.until("payments under way", SETTLE, () -> provider.charges().size() >= chargedBefore + TestSystem.WORKERS);

        LibertyServer.stop();
        Waits.sleep(Duration.ofSeconds(3)); // any payment cut off by the stop would still land in the ledger meanwhile
        int paidAtStop = FaultTally.count("", ids, provider.charges(), 0).paid();
        var left = queues.depth(TestSystem.ORDER_QUEUE);

        // Nothing finished is left unacknowledged, nothing acknowledged is unfinished: exactly the unpaid stay queued.
        assertEquals(ids.size() - paidAtStop, left.visible() + left.inFlight(), "messages left on the queue at stop");
        assertEquals(0, left.inFlight(), "no message held by a stopped processor");
        assertTrue(paidAtStop < ids.size(), "the stop came during the load");

        LibertyServer.start();
        FaultTally tally = report(settle("5 graceful stop during load (paid before stop " + paidAtStop + ")", ids));
        assertClean(tally);
    }

    @Test
    @Order(6)
    void processorKilledMidRunThenRestarted_everyAcceptedOrderPaidExactlyOnce() {
        int chargedBefore = provider.charges().size();
        List<String> ids = sendAsync(500);
        Waits.until("a third of the run paid", SETTLE, () -> provider.charges().size() - chargedBefore >= 150);

        LibertyServer.kill();
        int paidAtKill = FaultTally.count("", ids, provider.charges(), 0).paid();
        LibertyServer.start();
        FaultTally tally = report(settle("1 kill -9 mid-run, restart (paid before kill " + paidAtKill + ")", ids));

        assertClean(tally);
        assertTrue(paidAtKill < ids.size(), "the kill came during the run");
    }

    @Test
    @Order(7)
    void serverKilledUnderSyncPayments_chargedOrdersCompletedOnce_unchargedRejected_retriesAnswered() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        ProviderStats before = provider.stats();
        long requestsBefore = before.requests();
        String chargedKey = "sync-kill-" + UUID.randomUUID();
        String chargedOrder = SampleOrders.valid();
        String unchargedKey = "sync-kill-" + UUID.randomUUID();
        String unchargedOrder = SampleOrders.valid();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            // Two payments that the provider will make, with and without a key; then two it will fail, with and without.
            provider.simulate(ProviderSimulation.steady(Duration.ofSeconds(2)));
            clients.submit(() -> api.postWithKey("/orders/sync", chargedOrder, chargedKey));
            clients.submit(() -> api.postSync(SampleOrders.valid()));
            Waits.until("two charges running", Duration.ofSeconds(20), () -> provider.stats().requests() - requestsBefore >= 2);
            provider.simulate(new ProviderSimulation(Duration.ofSeconds(2), Duration.ZERO, 1.0));
            clients.submit(() -> api.postWithKey("/orders/sync", unchargedOrder, unchargedKey));
            clients.submit(() -> api.postSync(SampleOrders.valid()));
            Waits.until("four charges running", Duration.ofSeconds(20), () -> provider.stats().requests() - requestsBefore >= 4);

            LibertyServer.kill();
        } finally {
            clients.shutdownNow();
        }
        Waits.until("the provider finished the four", Duration.ofSeconds(10), () -> provider.stats().charged() - before.charged() == 2
                && provider.stats().failed() - before.failed() == 2);
        provider.simulate(TestSystem.PAYMENT);
        List<String> ids = syncOrdersSince(start);
        assertEquals(4, ids.size(), "four sync orders recorded before the kill");
        String chargedKeyOrder = TestSystem.orderStore().findKey(chargedKey).orElseThrow().orderId();
        LibertyServer.start();
        TestSystem.awaitReadyAndIdle();

        // Each retry with a key gets an answer within the settle delay; a 409 meanwhile says when to come back.
        long deadline = System.nanoTime() + TestSystem.SYNC_SETTLE_DELAY.plusSeconds(5).toNanos();
        HttpResponse<String> chargedRetry = api.retrySyncUntilAnswered(chargedOrder, chargedKey, deadline);
        HttpResponse<String> unchargedRetry = api.retrySyncUntilAnswered(unchargedOrder, unchargedKey, deadline);
        Waits.until("every order of the kill settled", Duration.ofNanos(Math.max(1, deadline - System.nanoTime())),
                () -> ids.stream().allMatch(id -> TestSystem.orderStore().find(id).orElseThrow().status().isFinal()));

        assertEquals(200, chargedRetry.statusCode(), chargedRetry.body());
        assertTrue(chargedRetry.body().contains("\"order_id\":\"" + chargedKeyOrder + "\""), "the charged order itself: " + chargedRetry.body());
        if (unchargedRetry.statusCode() == 503) {
            // Settled while the retry waited: it gets the rejection, which released the key, so the next one is new.
            assertTrue(unchargedRetry.body().contains("\"error\":\"payment_interrupted\""), unchargedRetry.body());
            unchargedRetry = api.postWithKey("/orders/sync", unchargedOrder, unchargedKey);
        }
        assertEquals(200, unchargedRetry.statusCode(), "the key released by the rejection, or the retry paid the order: "
                + unchargedRetry.body());
        List<Charge> charges = provider.charges();
        int lost = 0;
        int charged = 0;
        for (String id : ids) {
            long chargesOfOrder = charges.stream().filter(c -> c.orderId().equals(id)).count();
            OrderRecord order = TestSystem.orderStore().find(id).orElseThrow();
            boolean settled = chargesOfOrder == 1 ? order.status() == OrderStatus.COMPLETED
                    : chargesOfOrder == 0 && order.status() == OrderStatus.REJECTED;
            charged += chargesOfOrder > 0 ? 1 : 0;
            lost += settled ? 0 : 1;
            System.out.println("sync order killed in flight: " + id + " " + order.status().wireName() + " "
                    + order.reason().orElse("") + (order.idempotencyKey().isPresent() ? " keyed" : "") + ", charges " + chargesOfOrder
                    + order.payment().map(p -> p.alreadyPaid() ? " (completed from the ledger)" : "").orElse(""));
            assertTrue(settled, "order " + id + ": " + chargesOfOrder + " charges, " + order.status() + " " + order.reason());
        }
        assertTrue(charged >= 2, "the two charges made while the server was dead are kept: " + charged);
        FaultTally tally = report(new FaultTally("7 kill -9 under sync payments (4 in flight, 2 keyed)", ids.size(), charged,
                FaultTally.count("", ids, charges, 0).duplicatesPaid(), 0, lost));
        assertClean(tally);
    }

    @Test
    @Order(8)
    void processorKilledBetweenClaimAndCompletion_everyChargedOrderCompletedOnce() {
        ProviderStats before = provider.stats();
        provider.simulate(ProviderSimulation.steady(Duration.ofSeconds(2)));
        List<String> ids = sendAsync(6);
        Waits.until("six orders claimed and charging", SETTLE, () -> provider.stats().requests() - before.requests() >= 6);

        LibertyServer.kill();
        Waits.until("the provider finished the six", Duration.ofSeconds(10), () -> provider.stats().charged() - before.charged() == 6);
        provider.simulate(TestSystem.PAYMENT);
        assertTrue(ids.stream().allMatch(id -> TestSystem.orderStore().find(id).orElseThrow().status() == OrderStatus.PROCESSING),
                "killed between the claim and the completion write");
        LibertyServer.start();
        TestSystem.awaitReadyAndIdle();
        Waits.until("every order completed", TestSystem.CLAIM_LEASE.plus(TestSystem.SYNC_SETTLE_DELAY).plusSeconds(30),
                () -> ids.stream().allMatch(id -> TestSystem.orderStore().find(id).orElseThrow().status() == OrderStatus.COMPLETED));

        FaultTally tally = report(settle("8 processor kill -9 between claim and completion", ids));
        assertClean(tally);
        assertEquals(ids.size(), tally.paid());
    }

    /** The sync orders recorded since {@code start}, read from the order table (their requests died unanswered). */
    private static List<String> syncOrdersSince(Instant start) {
        return TestSystem.orderTable().scanPaginator(r -> r.tableName(TestSystem.dynamoDb().table().name()).filterExpression("#channel = :sync")
                        .expressionAttributeNames(Map.of("#channel", "channel"))
                        .expressionAttributeValues(Map.of(":sync", AttributeValue.fromS("sync"))))
                .items().stream()
                .filter(item -> !Instant.parse(item.get("pending_at").s()).isBefore(start))
                .map(item -> item.get("order_id").s())
                .toList();
    }

    @AfterAll
    static void printReport() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(FaultTally.HEADER);
        REPORT.stream().sorted((a, b) -> a.scenario().compareTo(b.scenario())).map(FaultTally::line).forEach(lines::add);
        String table = String.join(System.lineSeparator(), lines);
        System.out.println(System.lineSeparator() + "Fault suite (" + TestSystem.WORKERS + " workers, "
                + TestSystem.PAYMENT_LATENCY.toMillis() + " ms payments, visibility timeout " + TestSystem.VISIBILITY_TIMEOUT_SECONDS
                + " s):" + System.lineSeparator() + table);
        Files.writeString(Path.of("target", "fault-report.txt"), table + System.lineSeparator());
    }

    /** Sends orders through the API; returns the ids of those accepted (all must be). */
    private List<String> sendAsync(int orders) {
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < orders; i++) {
                responses.add(clients.submit(() -> api.postAsync(SampleOrders.valid())));
            }
            List<String> ids = new ArrayList<>();
            for (Future<HttpResponse<String>> response : responses) {
                HttpResponse<String> accepted = response.get();
                assertEquals(202, accepted.statusCode(), accepted.body());
                ids.add(orderId(accepted));
            }
            return ids;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            clients.shutdown();
        }
    }

    /** Waits until the order queue is empty (every order paid or dead-lettered), then counts. */
    private FaultTally settle(String scenario, List<String> ids) {
        Waits.until(scenario + ": order queue empty", SETTLE, Duration.ofMillis(250),
                () -> queues.depth(TestSystem.ORDER_QUEUE).total() == 0);
        // A late duplicate payment would show up meanwhile.
        Waits.holdsFor(scenario + ": no order paid twice", TestSystem.PAYMENT_LATENCY.multipliedBy(2), Duration.ofMillis(250),
                () -> FaultTally.count(scenario, ids, provider.charges(), 0).duplicatesPaid() == 0);
        int deadLettered = queues.drain(TestSystem.DEAD_LETTER_QUEUE).stream().map(Message::body)
                .map(ORDER_ID::matcher).filter(Matcher::find).map(m -> m.group(1)).filter(ids::contains)
                .collect(Collectors.toSet()).size();
        return FaultTally.count(scenario, ids, provider.charges(), deadLettered);
    }

    private static FaultTally report(FaultTally tally) {
        REPORT.add(tally);
        return tally;
    }

    private long deadLetteredByProcessor() {
        return (long) (api.metrics().value("orders_dead_lettered_total", "reason=\"malformed_json\"")
                + api.metrics().value("orders_dead_lettered_total", "reason=\"invalid_order\""));
    }

    private static void assertClean(FaultTally tally) {
        assertEquals(0, tally.lost(), tally.scenario() + ": lost");
        assertEquals(0, tally.duplicatesPaid(), tally.scenario() + ": duplicates paid");
    }

    private static String orderId(HttpResponse<String> accepted) {
        Matcher id = ORDER_ID.matcher(accepted.body());
        assertTrue(id.find(), accepted.body());
        return id.group(1);
    }
}
