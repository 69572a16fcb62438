package io.flashorders.processor.health;

import io.flashorders.aws.AwsSettings;
import io.flashorders.aws.QueueDepth;
import io.flashorders.aws.QueueUrl;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Ready while the order queue answers; reports its depth as it goes. */
@Readiness
@ApplicationScoped
public class QueueReadinessCheck implements HealthCheck {

    @Inject
    SqsClient sqs;

    @Inject
    QueueUrl queue;

    @Inject
    AwsSettings settings;

    @Override
    public HealthCheckResponse call() {
        try {
            QueueDepth depth = QueueDepth.read(sqs, queue.get(), settings.callTimeout());
            return HealthCheckResponse.named("order-queue").up()
                    .withData("queue", queue.queueName())
                    .withData("visible", depth.visible())
                    .withData("in_flight", depth.inFlight())
                    .build();
        } catch (SdkException e) {
            return HealthCheckResponse.named("order-queue").down()
                    .withData("queue", queue.queueName())
                    .withData("error", String.valueOf(e.getMessage()))
                    .build();
        }
    }
}
