package io.flashorders.it.support;

import io.flashorders.aws.AwsClients;
import io.flashorders.aws.AwsSettings;
import io.flashorders.aws.QueueDepth;
import io.flashorders.local.LocalQueueServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** Looks at the queues from the outside, as an operator would: their own message counts. */
public final class Queues {

    private final LocalQueueServer server;
    private final SqsClient sqs;

    Queues(LocalQueueServer server) {
        this.server = server;
        this.sqs = AwsClients.sqs(AwsSettings.local(server.endpoint()));
    }

    /** Puts a message on a queue directly, as a duplicate delivery or a stray producer would. */
    public void send(String queueName, String body) {
        sqs.sendMessage(r -> r.queueUrl(server.queueUrl(queueName)).messageBody(body));
    }

    /**
     * Puts {@code count} pending orders on a queue directly, ten to a request, as another producer would: a backlog in a
     * second, which no client of the API could build as fast.
     */
    public void sendOrders(String queueName, int count) {
        String url = server.queueUrl(queueName);
        for (int sent = 0; sent < count; sent += 10) {
            List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
            for (int i = sent; i < Math.min(count, sent + 10); i++) {
                String order = "{\"order_id\":\"" + UUID.randomUUID() + "\",\"customer_id\":1,\"status\":\"pending\","
                        + "\"items\":[{\"product_id\":\"backlog\",\"quantity\":1,\"price\":1}],\"created_at\":\"" + Instant.now() + "\"}";
                batch.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(order).build());
            }
            sqs.sendMessageBatch(r -> r.queueUrl(url).entries(batch));
        }
    }

    /** Takes every message off a queue (the dead-letter queue, to see what landed there), with its attributes. */
    public List<Message> drain(String queueName) {
        String url = server.queueUrl(queueName);
        List<Message> drained = new ArrayList<>();
        List<Message> batch;
        do {
            batch = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0)
                    .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            for (Message message : batch) {
                sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(message.receiptHandle()));
            }
            drained.addAll(batch);
        } while (!batch.isEmpty());
        return drained;
    }

    /** The bodies of every message taken off a queue (the status events). */
    public List<String> drainBodies(String queueName) {
        return drain(queueName).stream().map(Message::body).toList();
    }

    public QueueDepth depth(String queueName) {
        return QueueDepth.read(sqs, server.queueUrl(queueName), Duration.ofSeconds(5));
    }
}
