package io.flashorders.processor.health;

import io.flashorders.processor.consume.OrderConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Alive while the receiver thread runs; a processor whose receiver died takes nothing off the queue. */
@Liveness
@ApplicationScoped
public class ReceiverLivenessCheck implements HealthCheck {

    @Inject
    OrderConsumer consumer;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("order-receiver")
                .status(consumer.isRunning())
                .withData("connected", consumer.isConnected())
                .withData("workers", consumer.workers())
                .build();
    }
}
