package io.flashorders.cdi;

import io.flashorders.core.payment.PaymentGate;
import io.flashorders.core.payment.PaymentProvider;
import io.flashorders.core.payment.PaymentProviders;
import io.flashorders.core.payment.PaymentStep;
import io.flashorders.core.payment.ProviderSimulation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The application's payment gate and provider: the provider at {@code payment.provider.url} when set (locally, the
 * one local-services runs), else one simulated in-process from the latency, jitter, failure and decline rates configured here.
 */
@ApplicationScoped
public class PaymentProducer {

    @Inject
    @ConfigProperty(name = "payment.latency.ms", defaultValue = "3000")
    long latencyMillis;

    @Inject
    @ConfigProperty(name = "payment.latency.jitter.ms", defaultValue = "0")
    long jitterMillis;

    @Inject
    @ConfigProperty(name = "payment.failure-rate", defaultValue = "0")
    double failureRate;

    @Inject
    @ConfigProperty(name = "payment.decline-rate", defaultValue = "0")
    double declineRate;

    @Inject
    @ConfigProperty(name = "payment.provider.url")
    Optional<URI> providerUrl;

    @Inject
    @ConfigProperty(name = "payment.provider.timeout.ms", defaultValue = "30000")
    long providerTimeoutMillis;

    /** The longest one call to the provider may take, its whole response included. */
    public Duration providerTimeout() {
        return Duration.ofMillis(providerTimeoutMillis);
    }

    @Produces
    @Singleton
    PaymentGate gate(PaymentCapacity capacity) {
        return new PaymentGate(capacity.permits(), Duration.ofMillis(latencyMillis), capacity.maxWait());
    }

    @Produces
    @Singleton
    PaymentProvider provider() {
        ProviderSimulation simulation = new ProviderSimulation(Duration.ofMillis(latencyMillis), Duration.ofMillis(jitterMillis), failureRate, declineRate);
        return PaymentProviders.of(providerUrl.filter(url -> !url.toString().isBlank()), simulation, providerTimeout());
    }

    @Produces
    @Singleton
    PaymentStep step(PaymentGate gate, PaymentProvider provider) {
        return new PaymentStep(gate, provider);
    }
}
