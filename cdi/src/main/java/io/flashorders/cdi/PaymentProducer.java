package io.flashorders.cdi;

import io.flashorders.core.payment.PaymentGate;
import io.flashorders.core.payment.PaymentLedger;
import io.flashorders.core.payment.PaymentStep;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The application's one payment gate: the provider's latency from config, its capacity from the WAR. */
@ApplicationScoped
public class PaymentProducer {

    @Inject
    @ConfigProperty(name = "payment.latency.ms", defaultValue = "3000")
    long latencyMillis;

    @Produces
    @Singleton
    PaymentGate gate(PaymentCapacity capacity) {
        return new PaymentGate(capacity.permits(), Duration.ofMillis(latencyMillis), capacity.maxWait());
    }

    /** The simulated provider's ledger of payments by idempotency key; it lives as long as the application. */
    @Produces
    @Singleton
    PaymentLedger ledger() {
        return new PaymentLedger();
    }

    @Produces
    @Singleton
    PaymentStep step(PaymentGate gate, PaymentLedger ledger) {
        return new PaymentStep(gate, ledger);
    }
}
