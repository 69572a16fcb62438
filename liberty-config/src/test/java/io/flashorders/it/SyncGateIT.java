package io.flashorders.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.it.support.OrderApi;
import io.flashorders.it.support.OrderJsonReader;
import io.flashorders.it.support.PaymentsAtOnce;
import io.flashorders.it.support.SampleOrders;
import io.flashorders.it.support.TestSystem;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /orders/sync pays inline through the payment gate: no more payments at once than permits, excess callers turned away. */
class SyncGateIT {

    private static final int CLIENTS = 8;
    private static final Duration LOAD = Duration.ofSeconds(4);

    private final OrderApi api = TestSystem.api();

    @BeforeAll
    static void systemUp() {
        TestSystem.awaitReadyAndIdle();
    }

    @Test
    void postSync_idleGate_answers200WithCompletedOrderAfterTheLatency() {
        long start = System.nanoTime();
        HttpResponse<String> response = api.postSync(SampleOrders.valid());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"status\":\"completed\""), response.body());
        assertTrue(took.compareTo(TestSystem.PAYMENT_LATENCY) >= 0, "answered before the payment could be made: " + took);
    }

    @Test
    void postSync_moreClientsThanPermits_atMostPermitsPayAtOnceAndExcessGets503WithRetryAfter() throws Exception {
        record Outcome(int status, String retryAfter, String body, long startedNanos, long endedNanos) {
        }
        long loadStart = System.nanoTime();
        long loadEnd = loadStart + LOAD.toNanos();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<List<Outcome>>> perClient = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            perClient.add(clients.submit(() -> {
                List<Outcome> outcomes = new ArrayList<>();
                while (System.nanoTime() < loadEnd) {
                    long started = System.nanoTime();
                    HttpResponse<String> response = api.postSync(SampleOrders.valid());
                    outcomes.add(new Outcome(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null),
                            response.body(), started, System.nanoTime()));
                }
                return outcomes;
            }));
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<List<Outcome>> client : perClient) {
            outcomes.addAll(client.get());
        }
        clients.shutdown();

        List<Outcome> paid = outcomes.stream().filter(o -> o.status() == 200).toList();
        List<Outcome> turnedAway = outcomes.stream().filter(o -> o.status() == 503).toList();
        assertEquals(outcomes.size(), paid.size() + turnedAway.size(), "only 200 and 503 expected");

        Set<String> paidOrders = paid.stream().map(o -> OrderJsonReader.orderId(o.body())).collect(Collectors.toSet());
        int atOnce = PaymentsAtOnce.of(TestSystem.paymentProvider().charges(), paidOrders, TestSystem.PAYMENT_LATENCY);
        System.out.printf("sync gate: %d clients, %d permits: %d paid, at most %d at once, %d turned away%n",
                CLIENTS, TestSystem.SYNC_PERMITS, paid.size(), atOnce, turnedAway.size());

        // The cap itself; how close the gate's throughput comes to permits / latency is bench/run's to measure.
        assertEquals(paid.size(), paidOrders.size(), "every paid answer its own order");
        assertTrue(atOnce <= TestSystem.SYNC_PERMITS, "more payments at once than permits: " + atOnce);
        assertTrue(atOnce >= 2, "the permits were never used side by side");
        assertTrue(!turnedAway.isEmpty(), "with more clients than permits, some must be turned away");
        long oneRoundInSeconds = Math.max(1, (TestSystem.PAYMENT_LATENCY.toMillis() + 999) / 1000);
        for (Outcome busy : turnedAway) {
            assertEquals(String.valueOf(oneRoundInSeconds), busy.retryAfter(), "Retry-After");
            assertTrue(busy.body().contains("\"error\":\"payment_busy\""), busy.body());
            Duration waited = Duration.ofNanos(busy.endedNanos() - busy.startedNanos());
            assertTrue(waited.compareTo(TestSystem.SYNC_MAX_WAIT.multipliedBy(9).dividedBy(10)) >= 0,
                    "turned away before the bounded wait ran out: " + waited);
            assertTrue(waited.compareTo(TestSystem.SYNC_MAX_WAIT.plusSeconds(5)) < 0, "left hanging: " + waited);
        }
    }
}
