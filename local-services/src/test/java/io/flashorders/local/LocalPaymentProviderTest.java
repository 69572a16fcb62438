package io.flashorders.local;

import io.flashorders.core.testing.Waits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.core.payment.ChargeLookup;
import io.flashorders.core.money.Money;
import io.flashorders.core.money.OrderLimits;
import io.flashorders.core.payment.ChargeRequest;
import io.flashorders.core.payment.ChargeResult;
import io.flashorders.core.payment.HttpPaymentProvider;
import io.flashorders.core.payment.IdempotencyKeyReusedException;
import io.flashorders.core.payment.PaymentDeclinedException;
import io.flashorders.core.payment.PaymentFailedException;
import io.flashorders.core.payment.PaymentInProgressException;
import io.flashorders.core.payment.PaymentOutcomeUnknownException;
import io.flashorders.core.payment.ProviderSimulation;
import io.flashorders.core.payment.ProviderStats;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP provider client against the local provider: the protocol both sides of a real payment would speak. */
class LocalPaymentProviderTest {

    private static final ChargeRequest ORDER_1 = new ChargeRequest("order-1", "order-1", Money.of(new BigDecimal("25.00"), OrderLimits.DEFAULT_CURRENCY));

    private final LocalPaymentProvider local = LocalPaymentProvider.start(0, ProviderSimulation.steady(Duration.ZERO));
    private final HttpPaymentProvider client = new HttpPaymentProvider(local.endpoint(), Duration.ofSeconds(5));

    @AfterEach
    void stop() {
        local.close();
    }

    @Test
    void charge_providerChargesThenTheAnswerIsLost_outcomeUnknown_ledgerHasTheCharge_retryReplaysIt() throws Exception {
        local.loseAnswers(1);

        assertThrows(PaymentOutcomeUnknownException.class, () -> client.charge(ORDER_1));

        ChargeLookup.Charged charged = assertInstanceOf(ChargeLookup.Charged.class, client.lookup("order-1"));
        ChargeResult retry = client.charge(ORDER_1);
        assertTrue(retry.replayed());
        assertEquals(charged.charge(), retry.charge());
        assertEquals(1, local.charges().size());
        assertEquals(1, local.lostAnswers());
    }

    @Test
    void charge_slowerThanTheCallTimeout_outcomeUnknown_theChargeRunsOnAndLandsOnce() throws Exception {
        local.simulate(ProviderSimulation.steady(Duration.ofMillis(800)));
        HttpPaymentProvider impatient = new HttpPaymentProvider(local.endpoint(), Duration.ofMillis(200));

        assertThrows(PaymentOutcomeUnknownException.class, () -> impatient.charge(ORDER_1));
        assertInstanceOf(ChargeLookup.Running.class, client.lookup("order-1"), "still charging at the provider");

        Waits.until("the charge landed at the provider", Duration.ofSeconds(5),
                () -> lookup("order-1") instanceof ChargeLookup.Charged);
        assertTrue(client.charge(ORDER_1).replayed());
        assertEquals(1, local.charges().size());
    }

    @Test
    void lookup_unknownKeyAndDeclinedKey_noneAndTheDeclinesReason() throws Exception {
        assertInstanceOf(ChargeLookup.None.class, client.lookup("never-charged"));
        local.simulate(new ProviderSimulation(Duration.ZERO, Duration.ZERO, 0, 1));
        assertThrows(PaymentDeclinedException.class, () -> client.charge(ORDER_1));

        assertEquals(new ChargeLookup.Declined(PaymentDeclinedException.CARD_DECLINED), client.lookup("order-1"));
    }

    @Test
    void charge_providerNotListening_failedNotUnknown_nothingCanHaveBeenCharged() {
        int port = local.port();
        local.close();
        HttpPaymentProvider nobody = new HttpPaymentProvider(URI.create("http://localhost:" + port), Duration.ofSeconds(1));

        PaymentFailedException failed = assertThrows(PaymentFailedException.class, () -> nobody.charge(ORDER_1));
        assertFalse(failed instanceof PaymentOutcomeUnknownException);
    }

    @Test
    void charge_sameKeyTwice_chargesOnceAndReplaysTheSecond() throws Exception {
        ChargeResult first = client.charge(ORDER_1);
        ChargeResult second = client.charge(ORDER_1);

        assertFalse(first.replayed());
        assertTrue(second.replayed());
        assertEquals(first.charge(), second.charge());
        assertEquals("order-1", first.charge().orderId());
        assertEquals(ORDER_1.amount(), first.charge().money());
        assertEquals(1, local.charges().size());
        assertEquals(new ProviderStats(2, 1, 1, 0, 0, 0), local.stats());
    }

    @Test
    void charge_whileTheSameKeyIsBeingCharged_isRefusedWithConflict() throws Exception {
        local.simulate(ProviderSimulation.steady(Duration.ofMillis(600)));
        CompletableFuture<ChargeResult> first = CompletableFuture.supplyAsync(() -> {
            try {
                return client.charge(ORDER_1);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // The first holds the key for its 600 ms charge from here on.
        while (!local.chargeRunning(ORDER_1.idempotencyKey())) {
            assertFalse(first.isDone(), "the first charge ended before its claim was seen: " + first);
            Thread.onSpinWait();
        }

        assertThrows(PaymentInProgressException.class, () -> client.charge(ORDER_1));
        assertFalse(first.get().replayed());
        assertEquals(1, local.charges().size());
    }

    @Test
    void charge_keyReusedForAnotherAmount_isRefused() throws Exception {
        client.charge(ORDER_1);

        assertThrows(IdempotencyKeyReusedException.class,
                () -> client.charge(new ChargeRequest("order-1", "order-1", Money.of(new BigDecimal("1.00"), OrderLimits.DEFAULT_CURRENCY))));
    }

    @Test
    void charge_failureRateOne_failsWithoutCharging() {
        local.simulate(new ProviderSimulation(Duration.ZERO, Duration.ZERO, 1.0));

        assertThrows(PaymentFailedException.class, () -> client.charge(ORDER_1));
        assertEquals(0, local.charges().size());
        assertEquals(1, local.stats().failed());
    }

    @Test
    void charge_declined_isA402WithItsReasonAndStaysDeclinedForTheKey() {
        local.simulate(new ProviderSimulation(Duration.ZERO, Duration.ZERO, 0, 1.0));

        PaymentDeclinedException declined = assertThrows(PaymentDeclinedException.class, () -> client.charge(ORDER_1));
        local.simulate(ProviderSimulation.steady(Duration.ZERO));
        PaymentDeclinedException again = assertThrows(PaymentDeclinedException.class, () -> client.charge(ORDER_1));

        assertEquals(PaymentDeclinedException.CARD_DECLINED, declined.code());
        assertEquals(PaymentDeclinedException.CARD_DECLINED, again.code());
        assertEquals(0, local.charges().size());
        assertEquals(1, local.stats().declined());
    }

    @Test
    void charge_providerGone_failsSoTheCallerRetries() {
        local.close();

        assertThrows(PaymentFailedException.class, () -> client.charge(ORDER_1));
    }

    @Test
    void ledger_readableOverHttp_byKeyAndInFull() throws Exception {
        client.charge(ORDER_1);
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> one = http.send(HttpRequest.newBuilder(local.endpoint().resolve("/v1/charges/order-1")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> all = http.send(HttpRequest.newBuilder(local.endpoint().resolve("/v1/charges")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(local.endpoint().resolve("/v1/charges/nope")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, one.statusCode());
        assertTrue(one.body().contains("\"idempotency_key\":\"order-1\""), one.body());
        assertTrue(one.body().contains("\"amount\":25.00,\"currency\":\"USD\""), one.body());
        assertTrue(all.body().contains("\"charged\":1"), all.body());
        assertEquals(404, unknown.statusCode());
    }

    @Test
    void charge_withoutIdempotencyKey_isRejectedWith400() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(local.endpoint() + "/v1/charges"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"order_id\":\"x\",\"amount\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("missing_idempotency_key"), response.body());
        assertEquals(0, local.stats().requests());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        no currency        | {"order_id":"x","amount":1}
        unknown currency   | {"order_id":"x","amount":1,"currency":"XYZ"}
        finer than a cent  | {"order_id":"x","amount":1.001,"currency":"USD"}
        amount not a number | {"order_id":"x","amount":"ten","currency":"USD"}
        """)
    void charge_amountWithoutAValidCurrencyOrScale_isRejectedWith400AndNotCharged(String name, String body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(local.endpoint() + "/v1/charges")).header("Idempotency-Key", "k-" + name.length())
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("invalid_request"), response.body());
        assertEquals(0, local.charges().size());
    }

    /** The ledger's answer for a key; a failed lookup is one more try for the caller's wait. */
    private ChargeLookup lookup(String key) {
        try {
            return client.lookup(key);
        } catch (PaymentFailedException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
