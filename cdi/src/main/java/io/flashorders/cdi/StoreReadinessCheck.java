package io.flashorders.cdi;

import io.flashorders.core.store.OrderStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the order store answers: without it no order can be recorded, nor its status moved. */
@Readiness
@ApplicationScoped
public class StoreReadinessCheck implements HealthCheck {

    @Inject
    OrderStore store;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("order-store")
                .status(store.reachable())
                .withData("table", store.location())
                .build();
    }
}
