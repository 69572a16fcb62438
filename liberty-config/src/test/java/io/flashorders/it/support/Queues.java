package io.flashorders.it.support;

import io.flashorders.aws.AwsClients;
import io.flashorders.aws.AwsSettings;
import io.flashorders.aws.QueueDepth;
import io.flashorders.local.LocalQueueServer;
import java.time.Duration;
import software.amazon.awssdk.services.sqs.SqsClient;

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

    public QueueDepth depth(String queueName) {
        return QueueDepth.read(sqs, server.queueUrl(queueName), Duration.ofSeconds(5));
    }
}
