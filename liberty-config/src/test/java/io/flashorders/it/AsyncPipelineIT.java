package io.flashorders.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.core.money.Money;
import io.flashorders.core.payment.Charge;
import io.flashorders.it.support.Metrics;
import io.flashorders.it.support.OrderApi;
import io.flashorders.it.support.OrderJsonReader;
import io.flashorders.it.support.Queues;
import io.flashorders.it.support.SampleOrders;
import io.flashorders.it.support.TestSystem;
import io.flashorders.it.support.Waits;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Orders accepted by /orders/async travel through the real queue server and are paid by the worker pool. */
class AsyncPipelineIT {

    private static final int ORDERS = 200;
    private static final Pattern ORDER_ID = Pattern.compile("\"order_id\":\"([0-9a-f-]{36})\"");

    private final OrderApi api = TestSystem.api();

    @BeforeAll
    static void systemUp() {
        TestSystem.awaitReadyAndIdle();
    }

    @Test
    void postAsync_200OrdersWith20Workers_allPaidOnceAtWorkersOverLatency() throws Exception {
        // A cold JVM (the server's and the queue server's) is slow for its first few hundred requests.
        sendAndAwaitPaid(ORDERS / 2);
        Metrics before = api.metrics();
        long paidBefore = before.processorPayments();
        long acceptedBefore = before.accepted("async");

        Set<String> orderIds = new HashSet<>();
        long sendStart = System.nanoTime();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        List<Future<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            responses.add(clients.submit(() -> api.postAsync(SampleOrders.valid())));
        }
        for (Future<HttpResponse<String>> future : responses) {
            HttpResponse<String> response = future.get();
            assertEquals(202, response.statusCode(), response.body());
            assertTrue(response.body().contains("\"status\":\"pending\""), response.body());
            Matcher id = ORDER_ID.matcher(response.body());
            assertTrue(id.find(), response.body());
            assertEquals("/orders/" + id.group(1), response.headers().firstValue("Location").orElseThrow().replaceFirst("^https?://[^/]+", ""));
            orderIds.add(id.group(1));
        }
        clients.shutdown();
        long sentAt = System.nanoTime();
        long paidWhenSent = api.metrics().processorPayments() - paidBefore;
        System.out.printf("async pipeline: %d orders accepted in %.2f s, %d of them already paid%n",
                ORDERS, (sentAt - sendStart) / 1e9, paidWhenSent);
        assertEquals(ORDERS, orderIds.size(), "every order gets its own id");

        // The rate is measured on the backlog left once sending stopped (sending and paying share two cores),
        // up to 90% of the run, so that the last, partly filled round of payments does not count.
        long measuredUpTo = ORDERS * 9 / 10;
        assertTrue(measuredUpTo - paidWhenSent >= 3L * TestSystem.WORKERS,
                "sending was too slow to leave a backlog to measure: " + paidWhenSent + " already paid");
        long[] reachedAt = new long[1];
        // Scraped every 200 ms: /metrics costs the server CPU that the payments share.
        Waits.until("all " + ORDERS + " orders paid", Duration.ofSeconds(120), Duration.ofMillis(200), () -> {
            long paid = api.metrics().processorPayments() - paidBefore;
            if (reachedAt[0] == 0 && paid >= measuredUpTo) {
                reachedAt[0] = System.nanoTime();
            }
            return paid >= ORDERS;
        });

        // Long enough for any duplicate delivery of an in-flight message to have been paid too.
        Waits.sleep(TestSystem.PAYMENT_LATENCY.multipliedBy(4));
        Metrics after = api.metrics();
        Queues queues = TestSystem.queues();
        double rate = (measuredUpTo - paidWhenSent) / ((reachedAt[0] - sentAt) / 1e9);
        double limit = TestSystem.WORKERS / (TestSystem.PAYMENT_LATENCY.toMillis() / 1000.0);
        System.out.printf("async pipeline: %d orders, %d workers, %d ms payments: %.1f orders/s paid, limit %.1f (%.0f%%)%n",
                ORDERS, TestSystem.WORKERS, TestSystem.PAYMENT_LATENCY.toMillis(), rate, limit, 100 * rate / limit);

        assertEquals(ORDERS, after.accepted("async") - acceptedBefore, "orders accepted");
        assertEquals(ORDERS, after.processorPayments() - paidBefore, "payments made: each order exactly once");
        assertEquals(0, queues.depth(TestSystem.ORDER_QUEUE).total(), "messages left on the order queue");
        assertEquals(0, queues.depth(TestSystem.DEAD_LETTER_QUEUE).total(), "messages dead-lettered");
        assertTrue(rate <= limit * 1.1, "the pool paid faster than workers / latency allows: " + rate);
        // A floor, not the goal (the printed figure is): a pool whose payments ran one at a time would reach 1/workers
        // of the limit, while two shared cores busy with other builds have been seen to cost about half of it.
        assertTrue(rate >= limit * 0.25, "the pool's payments did not run side by side: " + rate);
    }

    @Test
    void postAsync_latin1BodyNamingItsCurrency_paidInThatCurrencyEverywhere() {
        String body = "{\"customer_id\":9,\"currency\":\"USD\",\"items\":[{\"product_id\":\"café-crème\",\"quantity\":3,\"price\":19.9}]}";

        HttpResponse<String> accepted = api.post("/orders/async", "application/json; charset=ISO-8859-1",
                body.getBytes(StandardCharsets.ISO_8859_1));

        assertEquals(202, accepted.statusCode(), accepted.body());
        assertTrue(accepted.body().contains("\"currency\":\"USD\""), accepted.body());
        assertTrue(accepted.body().contains("{\"product_id\":\"café-crème\",\"quantity\":3,\"price\":19.90}"), accepted.body());
        String orderId = OrderJsonReader.orderId(accepted.body());
        Waits.until("order " + orderId + " completed", Duration.ofSeconds(30), Duration.ofMillis(50),
                () -> OrderJsonReader.read(api.order(orderId).body()).get("status").asText().equals("completed"));
        String view = api.order(orderId).body();
        assertTrue(view.contains("\"currency\":\"USD\""), view);
        assertTrue(view.contains("\"price\":19.90}"), view);
        assertTrue(view.contains("\"total\":59.70,"), view);
        assertTrue(view.contains("\"payment\":{\"amount\":59.70,\"currency\":\"USD\","), view);
        Charge charge = TestSystem.paymentProvider().charges().stream().filter(c -> c.orderId().equals(orderId)).findFirst().orElseThrow();
        assertEquals(Money.of(new BigDecimal("59.70"), Currency.getInstance("USD")), charge.money(), "charged at the provider");
        assertEquals(charge.money(), TestSystem.orderStore().find(orderId).orElseThrow().payment().orElseThrow().money(),
                "recorded in the order store");
    }

    private void sendAndAwaitPaid(int orders) throws Exception {
        long paidBefore = api.metrics().processorPayments();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        List<Future<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            responses.add(clients.submit(() -> api.postAsync(SampleOrders.valid())));
        }
        for (Future<HttpResponse<String>> response : responses) {
            assertEquals(202, response.get().statusCode());
        }
        clients.shutdown();
        Waits.until("warm-up orders paid", Duration.ofSeconds(120), Duration.ofMillis(200),
                () -> api.metrics().processorPayments() - paidBefore >= orders);
    }
}
