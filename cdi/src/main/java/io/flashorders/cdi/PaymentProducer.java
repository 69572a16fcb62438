package io.flashorders.cdi;

import io.flashorders.core.payment.PaymentGate;
import io.flashorders.core.payment.PaymentProvider;
import io.flashorders.core.payment.PaymentProviders;
import io.flashorders.core.payment.PaymentStep;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * The application's payment gate and provider: the provider at {@code payment.provider.url} when set (locally, the
 * one local-services runs), else one simulated in-process from the latency, jitter, failure and decline rates in {@link CommonSettings}.
 */
@ApplicationScoped
public class PaymentProducer {

    @Inject
    CommonSettings common;

    /** The most one call to the provider may take, its whole response included; after it the outcome is unknown. */
    public Duration providerTimeout() {
        return common.paymentProviderTimeout();
    }

    @Produces
    @Singleton
    PaymentGate gate(PaymentCapacity capacity) {
        return new PaymentGate(capacity.permits(), common.paymentLatency(), capacity.maxWait());
    }

    @Produces
    @Singleton
    PaymentProvider provider() {
        return PaymentProviders.of(common.paymentProviderUrl(), common.paymentSimulation(), common.paymentProviderTimeout());
    }

    @Produces
    @Singleton
    PaymentStep step(PaymentGate gate, PaymentProvider provider) {
        return new PaymentStep(gate, provider);
    }
}
