package io.flashorders.order.api;

import io.flashorders.cdi.PaymentCapacity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The sync endpoint's share of the payment provider: a few permits, and a bounded wait for one. */
@ApplicationScoped
public class SyncPaymentCapacity {

    @Inject
    @ConfigProperty(name = "orders.sync.permits", defaultValue = "5")
    int permits;

    @Inject
    @ConfigProperty(name = "orders.sync.max-wait.ms", defaultValue = "10000")
    long maxWaitMillis;

    @Produces
    @Singleton
    PaymentCapacity capacity() {
        return new PaymentCapacity("sync", permits, Duration.ofMillis(maxWaitMillis));
    }
}
