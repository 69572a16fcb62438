package io.flashorders.processor.health;

import io.flashorders.aws.CachedQueueDepth;
import io.flashorders.aws.QueueDepth;
import io.flashorders.aws.QueueUrl;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the order queue answers (its depth, at most a second old, is known); reports the depth as it goes. */
@Readiness
@ApplicationScoped
public class QueueReadinessCheck implements HealthCheck {

    @Inject
    CachedQueueDepth depth;

    @Inject
    QueueUrl queue;

    @Override
    public HealthCheckResponse call() {
        QueueDepth reading = depth.fresh();
        if (!reading.known()) {
            return HealthCheckResponse.named("order-queue").down()
                    .withData("queue", queue.queueName())
                    .withData("error", depth.problem().orElse("the queue could not be read"))
                    .build();
        }
        return HealthCheckResponse.named("order-queue").up()
                .withData("queue", queue.queueName())
                .withData("visible", reading.visible())
                .withData("in_flight", reading.inFlight())
                .build();
    }
}
