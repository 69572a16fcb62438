package io.flashorders.lambda;

import io.flashorders.core.payment.PaymentGate;
import io.flashorders.core.payment.PaymentStep;
import io.flashorders.core.payment.ProviderSimulation;
import io.flashorders.core.payment.SimulatedPaymentProvider;
import java.time.Duration;
import java.util.Map;

/**
 * The Lambda's configuration, from its environment variables. The names are those of README's configuration
 * reference where they mean the same thing; terraform's lambda.tf sets them.
 *
 * <p>The payment gate has a single permit and no wait: Lambda runs one invocation at a time in an execution
 * environment and the handler pays the records of an event one after another, so the permit is always free when a
 * payment starts. Concurrency comes from the number of environments instead, and the function's reserved concurrency
 * is the knob that caps it; the provider's own limit on payments at once has no counterpart here.
 *
 * @param paymentLatency how long one payment takes ({@code PAYMENT_LATENCY_MS}, default 3000)
 */
public record LambdaSettings(Duration paymentLatency) {

    public static final String PAYMENT_LATENCY_MS = "PAYMENT_LATENCY_MS";
    public static final long DEFAULT_PAYMENT_LATENCY_MS = 3000;

    public LambdaSettings {
        if (paymentLatency.isNegative()) {
            throw new IllegalArgumentException("the payment latency must not be negative, was " + paymentLatency);
        }
    }

    /** @throws IllegalArgumentException for a value that is not a whole number of milliseconds, 0 or more */
    public static LambdaSettings fromEnvironment(Map<String, String> environment) {
        String latency = environment.get(PAYMENT_LATENCY_MS);
        if (latency == null || latency.isBlank()) {
            return new LambdaSettings(Duration.ofMillis(DEFAULT_PAYMENT_LATENCY_MS));
        }
        long millis;
        try {
            millis = Long.parseLong(latency.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PAYMENT_LATENCY_MS + " must be a whole number of milliseconds, was '" + latency + "'", e);
        }
        if (millis < 0) {
            throw new IllegalArgumentException(PAYMENT_LATENCY_MS + " must not be negative, was " + millis);
        }
        return new LambdaSettings(Duration.ofMillis(millis));
    }

    /** A payment step with its own ledger: one per execution environment. */
    public PaymentStep newPaymentStep() {
        return new PaymentStep(new PaymentGate(1, paymentLatency, Duration.ZERO),
                new SimulatedPaymentProvider(ProviderSimulation.steady(paymentLatency)));
    }
}
