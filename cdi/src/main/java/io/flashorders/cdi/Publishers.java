package io.flashorders.cdi;

import io.flashorders.aws.AwsSettings;
import io.flashorders.aws.QueueUrl;
import io.flashorders.aws.SnsOrderPublisher;
import io.flashorders.aws.SqsOrderPublisher;
import io.flashorders.core.publish.BatchPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the publisher a setting chooses, on the application's clients: {@code sqs}, straight to a queue, or
 * {@code sns}, to a topic. For the order API's orders (orders.publisher) and the processor's status events
 * (orders.events.publisher).
 */
@ApplicationScoped
public class Publishers {

    @Inject
    AwsSettings settings;

    @Inject
    Instance<SqsClient> sqs;

    @Inject
    Instance<SnsClient> sns;

    /**
     * @param key      the setting that chose {@code kind}, for the error message
     * @param queue    the queue, for {@code sqs}; asked for only then
     * @param topicKey the setting that names the topic, for the error message
     * @throws IllegalStateException for a kind other than sqs or sns, or sns without a topic
     */
    public BatchPublisher publisher(String key, String kind, Supplier<QueueUrl> queue, String topicKey, Optional<String> topicArn) {
        switch (kind) {
            case "sqs":
                return new SqsOrderPublisher(sqs.get(), queue.get(), settings.callTimeout());
            case "sns":
                String arn = topicArn.orElseThrow(() -> new IllegalStateException(key + "=sns needs " + topicKey));
                return new SnsOrderPublisher(sns.get(), arn, settings.callTimeout());
            default:
                throw new IllegalStateException(key + " must be sqs or sns, was '" + kind + "'");
        }
    }
}
