package io.flashorders.aws;

import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The queue's own counts: messages waiting, messages received but not yet deleted, messages delayed. */
public record QueueDepth(long visible, long inFlight, long delayed) {

    /** Not known: the queue could not be read (yet). */
    public static final QueueDepth UNKNOWN = new QueueDepth(-1, -1, -1);

    public boolean known() {
        return visible >= 0;
    }

    /** Reads the approximate counts, which SQS (and ElasticMQ) keep per queue. */
    public static QueueDepth read(SqsClient sqs, String queueUrl, Duration callTimeout) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl)
                .overrideConfiguration(c -> c.apiCallTimeout(callTimeout)).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return new QueueDepth(
                count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES),
                count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE),
                count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
    }

    public long total() {
        return visible + inFlight + delayed;
    }

    private static long count(Map<QueueAttributeName, String> attributes, QueueAttributeName name) {
        String value = attributes.get(name);
        return value == null ? 0 : Long.parseLong(value);
    }
}
