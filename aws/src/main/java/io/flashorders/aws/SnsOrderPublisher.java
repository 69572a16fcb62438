package io.flashorders.aws;

import io.flashorders.core.publish.OrderPublisher;
import io.flashorders.core.publish.PublishException;
import java.time.Duration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Publishes each order to the order topic, which fans out to the order queue (raw message delivery)
 * and, when the serverless path is on, to the Lambda. SNS answers only once it has stored the message.
 */
public final class SnsOrderPublisher implements OrderPublisher {

    private final SnsClient sns;
    private final String topicArn;
    private final Duration callTimeout;

    public SnsOrderPublisher(SnsClient sns, String topicArn, Duration callTimeout) {
        this.sns = sns;
        this.topicArn = topicArn;
        this.callTimeout = callTimeout;
    }

    @Override
    public void publish(String orderId, String orderJson) throws PublishException {
        try {
            sns.publish(r -> r.topicArn(topicArn).message(orderJson)
                    .overrideConfiguration(c -> c.apiCallTimeout(callTimeout)));
        } catch (SdkException e) {
            throw new PublishException("could not publish order " + orderId + " to " + topicArn, e);
        }
    }

    @Override
    public boolean reachable() {
        try {
            sns.getTopicAttributes(r -> r.topicArn(topicArn).overrideConfiguration(c -> c.apiCallTimeout(callTimeout)));
            return true;
        } catch (SdkException e) {
            return false;
        }
    }

    @Override
    public String destination() {
        return "sns:" + topicArn;
    }
}
