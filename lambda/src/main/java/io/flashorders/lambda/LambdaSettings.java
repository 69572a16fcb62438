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

    public LambdaSettings {
        if (paymentLatency.isNegative()) {
            throw new IllegalArgumentException("the payment latency must not be negative, was " + paymentLatency);
        }
    }

    /** @throws IllegalArgumentException for a {@code PAYMENT_LATENCY_MS} that is not a whole number of milliseconds, 0 or more */
    public static LambdaSettings fromEnvironment(Map<String, String> environment) {
        return new LambdaSettings(ProviderSimulation.latencyFromEnvironment(environment));
    }

    /** A payment step with its own ledger: one per execution environment. */
    public PaymentStep newPaymentStep() {
        return new PaymentStep(new PaymentGate(1, paymentLatency, Duration.ZERO),
                new SimulatedPaymentProvider(ProviderSimulation.steady(paymentLatency)));
    }
}
