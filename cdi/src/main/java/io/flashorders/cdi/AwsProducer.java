package io.flashorders.cdi;

import io.flashorders.aws.AwsClients;
import io.flashorders.aws.AwsSettings;
import io.flashorders.aws.CachedQueueDepth;
import io.flashorders.aws.QueueDepth;
import io.flashorders.aws.QueueUrl;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The application's SQS and SNS clients, one of each, counted in aws.requests and closed with the application; pointed
 * at AWS or at a local endpoint by configuration alone. Also the order queue and its depth. (The DynamoDB client is
 * {@link StoreProducer}'s.) An SNS client is built only for an application that publishes to a topic.
 */
@ApplicationScoped
public class AwsProducer {

    @Inject
    CommonSettings common;

    /** Refreshes the queue depth off the request threads. */
    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;

    @Produces
    @Singleton
    AwsSettings settings() {
        return common.aws();
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
    SnsClient sns(AwsSettings settings, AwsRequestMetrics requests) {
        return AwsClients.sns(settings, requests.counting());
    }

    static void close(@Disposes SnsClient sns) {
        sns.close();
    }

    @Produces
    @Singleton
    QueueUrl orderQueue(SqsClient sqs, AwsSettings settings) {
        return new QueueUrl(sqs, common.queueName(), settings.callTimeout());
    }

    /**
     * The order queue's depth, read at most once a second however many ask: the order API's intake and status, the
     * processor's queue.depth metric, its readiness check and its pool sizer.
     */
    @Produces
    @Singleton
    CachedQueueDepth orderQueueDepth(SqsClient sqs, QueueUrl queue, AwsSettings settings) {
        return new CachedQueueDepth(() -> QueueDepth.read(sqs, queue.get(), settings.callTimeout()), executor, Duration.ofSeconds(1));
    }
}
