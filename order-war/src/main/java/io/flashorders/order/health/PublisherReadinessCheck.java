package io.flashorders.order.health;

import io.flashorders.core.publish.OrderPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while orders can be published: an order API that cannot queue should get no traffic. */
@Readiness
@ApplicationScoped
public class PublisherReadinessCheck implements HealthCheck {

    @Inject
    OrderPublisher publisher;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("order-publisher")
                .status(publisher.reachable())
                .withData("destination", publisher.destination())
                .build();
    }
}
