package io.flashorders.aws;

import io.flashorders.core.publish.BatchPublisher;
import io.flashorders.core.publish.PublishException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Sends each order straight to the order queue. The message body is the order's JSON, exactly what
 * SNS delivers to the queue with raw message delivery, so the processor cannot tell the two apart.
 */
public final class SqsOrderPublisher implements BatchPublisher {

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

    /** One SendMessageBatch; the entries' ids are their indexes. Ten 16 KiB orders stay within its 256 KiB. */
    @Override
    public Map<Integer, PublishException> publishAll(List<Message> messages) throws PublishException {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(messages.get(i).orderJson()).build());
        }
        SendMessageBatchResponse response;
        try {
            response = sqs.sendMessageBatch(r -> r.queueUrl(queue.get()).entries(entries)
                    .overrideConfiguration(c -> c.apiCallTimeout(callTimeout)));
        } catch (SdkException e) {
            throw new PublishException("could not queue " + messages.size() + " orders on " + queue.queueName(), e);
        }
        return BatchPublisher.failures(messages, response.successful().stream().map(ok -> ok.id()).collect(Collectors.toSet()),
                response.failed().stream().collect(Collectors.toMap(BatchResultErrorEntry::id, e -> e.code() + " " + e.message())),
                destination());
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
