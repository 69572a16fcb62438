package io.flashorders.core.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.core.money.Money;
import io.flashorders.core.money.OrderLimits;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SimulatedPaymentProviderTest {

    private static final ChargeRequest REQUEST = new ChargeRequest("order-1", "order-1", Money.of(new BigDecimal("12.50"), OrderLimits.DEFAULT_CURRENCY));

    @Test
    void charge_sameKeyTwice_replaysTheFirstCharge() throws Exception {
        SimulatedPaymentProvider provider = new SimulatedPaymentProvider(ProviderSimulation.steady(Duration.ZERO));

        ChargeResult first = provider.charge(REQUEST);
        ChargeResult second = provider.charge(REQUEST);

        assertEquals(false, first.replayed());
        assertEquals(true, second.replayed());
        assertEquals(first.charge(), second.charge());
        assertEquals(new ProviderStats(2, 1, 1, 0, 0, 0), provider.stats());
    }

    @Test
    void charge_keyReusedForTheSameAmountInAnotherCurrency_isRefused() throws Exception {
        SimulatedPaymentProvider provider = new SimulatedPaymentProvider(ProviderSimulation.steady(Duration.ZERO));
        provider.charge(REQUEST);

        assertThrows(IdempotencyKeyReusedException.class, () -> provider.charge(new ChargeRequest("order-1", "order-1",
                Money.of(REQUEST.amount().amount(), java.util.Currency.getInstance("EUR")))));
        assertEquals(REQUEST.amount(), provider.ledger().charges().get(0).money());
    }

    @Test
    void charge_keyReusedForAnotherAmount_isRefused() throws Exception {
        SimulatedPaymentProvider provider = new SimulatedPaymentProvider(ProviderSimulation.steady(Duration.ZERO));
        provider.charge(REQUEST);

        assertThrows(IdempotencyKeyReusedException.class,
                () -> provider.charge(new ChargeRequest("order-1", "order-1", Money.of(new BigDecimal("99.00"), OrderLimits.DEFAULT_CURRENCY))));
        assertEquals(1, provider.ledger().charges().size());
    }

    @Test
    void charge_declined_isDeclinedAgainForTheSameKeyAndNeverCharged() {
        SimulatedPaymentProvider provider = new SimulatedPaymentProvider(
                new ProviderSimulation(Duration.ZERO, Duration.ZERO, 0, 1.0), new PaymentLedger(), () -> 0.5);

        PaymentDeclinedException first = assertThrows(PaymentDeclinedException.class, () -> provider.charge(REQUEST));
        provider.simulate(ProviderSimulation.steady(Duration.ZERO));
        PaymentDeclinedException again = assertThrows(PaymentDeclinedException.class, () -> provider.charge(REQUEST));

        assertEquals(PaymentDeclinedException.CARD_DECLINED, first.code());
        assertEquals(PaymentDeclinedException.CARD_DECLINED, again.code());
        assertEquals(0, provider.ledger().charges().size());
        assertEquals(1, provider.ledger().declines().size());
        assertEquals(new ProviderStats(2, 0, 0, 0, 0, 1), provider.stats());
    }

    @Test
    void charge_declinedKeyReusedForAnotherAmount_isRefused() {
        SimulatedPaymentProvider provider = new SimulatedPaymentProvider(
                new ProviderSimulation(Duration.ZERO, Duration.ZERO, 0, 1.0), new PaymentLedger(), () -> 0.5);
        assertThrows(PaymentDeclinedException.class, () -> provider.charge(REQUEST));

        assertThrows(IdempotencyKeyReusedException.class,
                () -> provider.charge(new ChargeRequest("order-1", "order-1", Money.of(new BigDecimal("99.00"), OrderLimits.DEFAULT_CURRENCY))));
    }

    @Test
    void charge_declineRateBelowTheDraw_charges() throws Exception {
        SimulatedPaymentProvider provider = new SimulatedPaymentProvider(
                new ProviderSimulation(Duration.ZERO, Duration.ZERO, 0, 0.4), new PaymentLedger(), () -> 0.5);

        assertEquals(false, provider.charge(REQUEST).replayed());
        assertEquals(0, provider.ledger().declines().size());
    }

    @Test
    void fromEnvironment_declineRate_isReadAndChecked() {
        ProviderSimulation simulation = ProviderSimulation.fromEnvironment(java.util.Map.of("PAYMENT_DECLINE_RATE", "0.25"));

        assertEquals(0.25, simulation.declineRate());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> ProviderSimulation.fromEnvironment(java.util.Map.of("PAYMENT_DECLINE_RATE", "2")));
        assertTrue(wrong.getMessage().contains("PAYMENT_DECLINE_RATE"), wrong.getMessage());
    }

    @Test
    void charge_failureRate_failsAboutThatShareWithoutCharging() throws Exception {
        Random seeded = new Random(7);
        SimulatedPaymentProvider provider = new SimulatedPaymentProvider(
                new ProviderSimulation(Duration.ZERO, Duration.ZERO, 0.2), new PaymentLedger(), seeded::nextDouble);
        int failures = 0;
        for (int i = 0; i < 2_000; i++) {
            try {
                provider.charge(new ChargeRequest("k" + i, "k" + i, Money.of(BigDecimal.ONE, OrderLimits.DEFAULT_CURRENCY)));
            } catch (PaymentFailedException e) {
                failures++;
            }
        }

        assertTrue(failures > 330 && failures < 470, "20% of 2000 expected, got " + failures);
        assertEquals(2_000 - failures, provider.ledger().charges().size());
        assertEquals(failures, provider.stats().failed());
    }

    @Test
    void latencyFor_jitter_staysWithinLatencyPlusOrMinusJitterAndNeverNegative() {
        ProviderSimulation simulation = new ProviderSimulation(Duration.ofMillis(100), Duration.ofMillis(40), 0);
        ProviderSimulation wide = new ProviderSimulation(Duration.ofMillis(10), Duration.ofMillis(40), 0);

        assertEquals(Duration.ofMillis(60), simulation.latencyFor(0));
        assertEquals(Duration.ofMillis(100), simulation.latencyFor(0.5));
        assertEquals(Duration.ofMillis(140), simulation.latencyFor(1));
        assertEquals(Duration.ZERO, wide.latencyFor(0));
    }

    @Test
    void constructor_failureRateOutsideZeroToOne_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ProviderSimulation(Duration.ZERO, Duration.ZERO, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new ProviderSimulation(Duration.ZERO, Duration.ZERO, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new ProviderSimulation(Duration.ZERO, Duration.ofMillis(-1), 0));
    }
}
