package io.flashorders.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

/**
 * Creates the defined queues through the SQS API, dead-letter queues first. Idempotent, and converging: a queue that
 * already exists with other settings gets the defined ones. (SQS answers CreateQueue for such a queue with
 * QueueNameExists; ElasticMQ compares against the settings the queue was created with and says nothing, so the
 * current attributes are compared here, and those that differ are set.)
 */
final class QueueCreator {

    private static final ObjectMapper JSON = new ObjectMapper();

    private QueueCreator() {
    }

    /** @return queue URL by queue name, in creation order */
    static Map<String, String> createAll(SqsClient sqs, QueueDefinitions definitions) {
        Map<String, String> urls = new LinkedHashMap<>();
        for (QueueDefinition queue : definitions.creationOrder()) {
            Map<QueueAttributeName, String> attributes = new LinkedHashMap<>(queue.sqsAttributesWithoutRedrive());
            queue.redrivePolicy().ifPresent(redrive -> attributes.put(QueueAttributeName.REDRIVE_POLICY,
                    redrive.toSqsJson(arnOf(sqs, urls.get(redrive.deadLetterQueue())))));
            urls.put(queue.name(), createOrUpdate(sqs, queue.name(), attributes));
        }
        return Collections.unmodifiableMap(urls);
    }

    private static String createOrUpdate(SqsClient sqs, String name, Map<QueueAttributeName, String> wanted) {
        String url;
        try {
            url = sqs.createQueue(r -> r.queueName(name).attributes(wanted)).queueUrl();
        } catch (QueueNameExistsException existsWithOtherSettings) {
            url = sqs.getQueueUrl(r -> r.queueName(name)).queueUrl();
        }
        String queueUrl = url;
        Map<QueueAttributeName, String> current = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.ALL)).attributes();
        Map<QueueAttributeName, String> differing = new LinkedHashMap<>();
        // An attribute the server does not report (ElasticMQ: MessageRetentionPeriod) cannot be compared: left alone.
        wanted.forEach((attribute, value) -> {
            if (current.containsKey(attribute) && !sameValue(attribute, value, current.get(attribute))) {
                differing.put(attribute, value);
            }
        });
        if (!differing.isEmpty()) {
            sqs.setQueueAttributes(r -> r.queueUrl(queueUrl).attributes(differing));
        }
        return queueUrl;
    }

    private static boolean sameValue(QueueAttributeName attribute, String wanted, String current) {
        if (attribute != QueueAttributeName.REDRIVE_POLICY) {
            return wanted.equals(current);
        }
        try { // maxReceiveCount comes back as a number or a string, depending on the server
            JsonNode a = JSON.readTree(wanted);
            JsonNode b = JSON.readTree(current);
            return a.path("deadLetterTargetArn").asText().equals(b.path("deadLetterTargetArn").asText())
                    && a.path("maxReceiveCount").asInt() == b.path("maxReceiveCount").asInt();
        } catch (IOException e) {
            return false;
        }
    }

    private static String arnOf(SqsClient sqs, String queueUrl) {
        return sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }
}
