package io.flashorders.order.health;

import io.flashorders.core.sale.Inventory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the sales' inventory store answers a PING. */
@Readiness
@ApplicationScoped
public class InventoryReadinessCheck implements HealthCheck {

    @Inject
    Inventory inventory;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("inventory-store")
                .status(inventory.reachable())
                .withData("location", inventory.location())
                .build();
    }
}
