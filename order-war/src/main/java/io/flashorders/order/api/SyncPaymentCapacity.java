package io.flashorders.order.api;

import io.flashorders.cdi.PaymentCapacity;
import io.flashorders.order.OrderSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** The sync endpoint's share of the payment provider: a few permits, and a bounded wait for one. */
@ApplicationScoped
public class SyncPaymentCapacity {

    @Inject
    OrderSettings config;

    @Produces
    @Singleton
    PaymentCapacity capacity() {
        return new PaymentCapacity("sync", config.syncPermits(), config.syncMaxWait());
    }
}
