package io.flashorders.cdi;

import io.flashorders.aws.AwsClients;
import io.flashorders.aws.AwsSettings;
import io.flashorders.aws.QueueUrl;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.services.sqs.SqsClient;

/** One SQS client per application, pointed at AWS or at a local endpoint by configuration alone. */
@ApplicationScoped
public class AwsProducer {

    @Inject
    @ConfigProperty(name = "aws.region", defaultValue = "us-east-1")
    String region;

    /** Set locally (ElasticMQ); left unset in AWS. */
    @Inject
    @ConfigProperty(name = "aws.endpoint")
    Optional<URI> endpoint;

    @Inject
    @ConfigProperty(name = "aws.call-timeout.ms", defaultValue = "5000")
    long callTimeoutMillis;

    @Inject
    @ConfigProperty(name = "orders.queue.name", defaultValue = "order-processing-queue")
    String queueName;

    @Produces
    @Singleton
    AwsSettings settings() {
        return new AwsSettings(region, endpoint, Duration.ofMillis(callTimeoutMillis));
    }

    @Produces
    @Singleton
    SqsClient sqs(AwsSettings settings, AwsRequestMetrics requests) {
        return AwsClients.sqs(settings, requests.counting());
    }

    static void close(@Disposes SqsClient sqs) {
        sqs.close();
    }

    @Produces
    @Singleton
    QueueUrl orderQueue(SqsClient sqs, AwsSettings settings) {
        return new QueueUrl(sqs, queueName, settings.callTimeout());
    }
}
