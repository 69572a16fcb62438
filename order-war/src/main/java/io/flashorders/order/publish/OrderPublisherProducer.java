package io.flashorders.order.publish;

import io.flashorders.aws.AwsClients;
import io.flashorders.aws.AwsSettings;
import io.flashorders.aws.QueueUrl;
import io.flashorders.aws.SnsOrderPublisher;
import io.flashorders.aws.SqsOrderPublisher;
import io.flashorders.core.publish.OrderPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Picks how /orders/async publishes, from orders.publisher: sqs (local) or sns (AWS). */
@ApplicationScoped
public class OrderPublisherProducer {

    @Inject
    @ConfigProperty(name = "orders.publisher", defaultValue = "sqs")
    String kind;

    @Inject
    @ConfigProperty(name = "orders.topic.arn")
    Optional<String> topicArn;

    @Inject
    AwsSettings settings;

    @Inject
    Instance<SqsClient> sqs;

    @Inject
    Instance<QueueUrl> orderQueue;

    private SnsClient sns;

    @Produces
    @Singleton
    OrderPublisher publisher() {
        switch (kind) {
            case "sqs":
                return new SqsOrderPublisher(sqs.get(), orderQueue.get(), settings.callTimeout());
            case "sns":
                String arn = topicArn.orElseThrow(() -> new IllegalStateException("orders.publisher=sns needs orders.topic.arn"));
                sns = AwsClients.sns(settings);
                return new SnsOrderPublisher(sns, arn, settings.callTimeout());
            default:
                throw new IllegalStateException("orders.publisher must be sqs or sns, was '" + kind + "'");
        }
    }

    @jakarta.annotation.PreDestroy
    void close() {
        if (sns != null) {
            sns.close();
        }
    }
}
