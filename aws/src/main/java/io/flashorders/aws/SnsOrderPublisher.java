package io.flashorders.aws;

import io.flashorders.core.publish.BatchPublisher;
import io.flashorders.core.publish.PublishException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;

/**
 * Publishes each order to the order topic, which fans out to the order queue (raw message delivery)
 * and, when the serverless path is on, to the Lambda. SNS answers only once it has stored the message.
 */
public final class SnsOrderPublisher implements BatchPublisher {

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

    /** One PublishBatch; the entries' ids are their indexes. Ten 16 KiB orders stay within its 256 KiB. */
    @Override
    public Map<Integer, PublishException> publishAll(List<Message> messages) throws PublishException {
        List<PublishBatchRequestEntry> entries = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            entries.add(PublishBatchRequestEntry.builder().id(Integer.toString(i)).message(messages.get(i).orderJson()).build());
        }
        PublishBatchResponse response;
        try {
            response = sns.publishBatch(r -> r.topicArn(topicArn).publishBatchRequestEntries(entries)
                    .overrideConfiguration(c -> c.apiCallTimeout(callTimeout)));
        } catch (SdkException e) {
            throw new PublishException("could not publish " + messages.size() + " orders to " + topicArn, e);
        }
        return BatchPublisher.failures(messages, response.successful().stream().map(ok -> ok.id()).collect(Collectors.toSet()),
                response.failed().stream().collect(Collectors.toMap(BatchResultErrorEntry::id, e -> e.code() + " " + e.message())),
                destination());
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
