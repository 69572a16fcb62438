package io.flashorders.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.core.order.OrderStatus;
import io.flashorders.core.payment.Charge;
import io.flashorders.it.support.OrderApi;
import io.flashorders.it.support.SampleOrders;
import io.flashorders.it.support.TestSystem;
import io.flashorders.core.testing.Waits;
import io.flashorders.local.LocalPaymentProvider;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A sync payment whose outcome is unknown: the provider charges, then its answer is lost. The order and its key stay,
 * the customer gets 503 payment_unknown, and the order ends completed with its one charge, through the customer's
 * retry or through the reconciler.
 */
class SyncSettleIT {

    private final OrderApi api = TestSystem.api();
    private LocalPaymentProvider provider;

    @BeforeEach
    void systemUp() {
        TestSystem.awaitReadyAndIdle();
        provider = TestSystem.paymentProvider();
        provider.simulate(TestSystem.PAYMENT);
    }

    @AfterEach
    void answersKept() {
        provider.loseAnswers(0);
    }

    @Test
    void answerLost_retryWithTheKey_answeredWithTheSameOrderChargedOnce() {
        String key = "lost-" + UUID.randomUUID();
        String order = SampleOrders.valid();
        provider.loseAnswers(1);

        HttpResponse<String> first = api.postWithKey("/orders/sync", order, key);

        assertEquals(503, first.statusCode(), first.body());
        assertTrue(first.body().contains("\"error\":\"payment_unknown\""), first.body());
        assertEquals(String.valueOf(TestSystem.SETTLE_MARGIN.toSeconds()), first.headers().firstValue("Retry-After").orElseThrow());
        String orderId = TestSystem.orderStore().findKey(key).orElseThrow().orderId();
        assertEquals(1, chargesOf(orderId), "charged before the answer was lost");

        HttpResponse<String> retry = api.retrySyncUntilAnswered(order, key,
                System.nanoTime() + TestSystem.SYNC_SETTLE_DELAY.toNanos());

        assertEquals(200, retry.statusCode(), retry.body());
        assertTrue(retry.body().contains("\"order_id\":\"" + orderId + "\""), "the same order: " + retry.body());
        assertTrue(retry.body().contains("\"status\":\"completed\""), retry.body());
        assertEquals(OrderStatus.COMPLETED, TestSystem.orderStore().find(orderId).orElseThrow().status());
        assertEquals(1, chargesOf(orderId), "replayed by the provider, not charged again");
    }

    @Test
    void answerLost_noRetry_reconcilerCompletesTheOrderFromTheLedgerAfterTheMargin() {
        int chargesBefore = provider.charges().size();
        long settledBefore = api.metrics().settled("completed");
        provider.loseAnswers(1);

        HttpResponse<String> first = api.postSync(SampleOrders.valid());

        assertEquals(503, first.statusCode(), first.body());
        assertTrue(first.body().contains("\"error\":\"payment_unknown\""), first.body());
        List<Charge> made = provider.charges();
        assertEquals(chargesBefore + 1, made.size());
        String orderId = made.get(made.size() - 1).orderId();
        Waits.until("order " + orderId + " settled", TestSystem.SETTLE_MARGIN.plusSeconds(10),
                () -> TestSystem.orderStore().find(orderId).orElseThrow().status() == OrderStatus.COMPLETED);
        assertEquals(1, chargesOf(orderId));
        assertTrue(TestSystem.orderStore().find(orderId).orElseThrow().payment().orElseThrow().alreadyPaid(),
                "completed from the provider's ledger");
        Waits.until("orders_settled_total counted it", Duration.ofSeconds(5), () -> api.metrics().settled("completed") > settledBefore);
    }

    private long chargesOf(String orderId) {
        return provider.charges().stream().filter(charge -> charge.orderId().equals(orderId)).count();
    }
}
