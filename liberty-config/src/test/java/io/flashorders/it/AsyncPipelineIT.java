package io.flashorders.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.core.money.Money;
import io.flashorders.core.payment.Charge;
import io.flashorders.it.support.Metrics;
import io.flashorders.it.support.OrderApi;
import io.flashorders.it.support.OrderJsonReader;
import io.flashorders.it.support.PaymentsAtOnce;
import io.flashorders.it.support.Queues;
import io.flashorders.it.support.SampleOrders;
import io.flashorders.it.support.TestSystem;
import io.flashorders.core.testing.Waits;
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
    void postAsync_200OrdersWith20Workers_allPaidOnceAtMostWorkersAtOnce() throws Exception {
        Metrics before = api.metrics();
        long paidBefore = before.processorPayments();
        long acceptedBefore = before.accepted("async");

        Set<String> orderIds = new HashSet<>();
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
        assertEquals(ORDERS, orderIds.size(), "every order gets its own id");

        // Scraped every 200 ms: /metrics costs the server CPU that the payments share.
        Waits.until("all " + ORDERS + " orders paid", Duration.ofSeconds(120), Duration.ofMillis(200),
                () -> api.metrics().processorPayments() - paidBefore >= ORDERS);

        // Long enough for any duplicate delivery of an in-flight message to have been paid too.
        Waits.holdsFor("each order paid at most once", TestSystem.PAYMENT_LATENCY.multipliedBy(4), Duration.ofMillis(200),
                () -> api.metrics().processorPayments() - paidBefore == ORDERS);
        Metrics after = api.metrics();
        Queues queues = TestSystem.queues();
        int atOnce = PaymentsAtOnce.of(TestSystem.paymentProvider().charges(), orderIds, TestSystem.PAYMENT_LATENCY);
        System.out.printf("async pipeline: %d orders, %d workers: at most %d payments at once%n", ORDERS, TestSystem.WORKERS, atOnce);

        assertEquals(ORDERS, after.accepted("async") - acceptedBefore, "orders accepted");
        assertEquals(ORDERS, after.processorPayments() - paidBefore, "payments made: each order exactly once");
        assertEquals(0, queues.depth(TestSystem.ORDER_QUEUE).total(), "messages left on the order queue");
        assertEquals(0, queues.depth(TestSystem.DEAD_LETTER_QUEUE).total(), "messages dead-lettered");
        // The pool's shape, not its speed (how close it comes to workers / latency is bench/processor-bench's to measure).
        assertTrue(atOnce <= TestSystem.WORKERS, "more payments at once than workers: " + atOnce);
        assertTrue(atOnce > 1, "the pool's payments never ran side by side");
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
}
