package io.flashorders.aws;

import io.flashorders.core.publish.OrderPublisher;
import io.flashorders.core.publish.PublishException;
import java.time.Duration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Sends each order straight to the order queue. The message body is the order's JSON, exactly what
 * SNS delivers to the queue with raw message delivery, so the processor cannot tell the two apart.
 */
public final class SqsOrderPublisher implements OrderPublisher {

    private final SqsClient sqs;
    private final QueueUrl queue;
    private final Duration callTimeout;

    public SqsOrderPublisher(SqsClient sqs, QueueUrl queue, Duration callTimeout) {
        this.sqs = sqs;
        this.queue = queue;
        this.callTimeout = callTimeout;
    }

    @Override
    public void publish(String orderId, String orderJson) throws PublishException {
        try {
            sqs.sendMessage(r -> r.queueUrl(queue.get()).messageBody(orderJson)
                    .overrideConfiguration(c -> c.apiCallTimeout(callTimeout)));
        } catch (SdkException e) {
            throw new PublishException("could not queue order " + orderId + " on " + queue.queueName(), e);
        }
    }

    @Override
    public boolean reachable() {
        try {
            sqs.getQueueAttributes(r -> r.queueUrl(queue.get()).overrideConfiguration(c -> c.apiCallTimeout(callTimeout)));
            return true;
        } catch (SdkException e) {
            return false;
        }
    }

    @Override
    public String destination() {
        return "sqs:" + queue.queueName();
    }
}
