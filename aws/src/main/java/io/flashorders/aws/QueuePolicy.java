package io.flashorders.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What a consumer must know about its queue, read from the queue itself so that the queue definition stays the one
 * source: how long a received message stays invisible, and where the redrive policy sends a message that was received
 * too often.
 *
 * @param maxReceiveCount    receives after which SQS moves a message to the dead-letter queue; 0 without a redrive policy
 * @param deadLetterQueueUrl the redrive policy's target, when there is one
 */
public record QueuePolicy(Duration visibilityTimeout, int maxReceiveCount, Optional<String> deadLetterQueueUrl) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** @throws software.amazon.awssdk.core.exception.SdkException when the queue cannot be read */
    public static QueuePolicy read(SqsClient sqs, String queueUrl, Duration callTimeout) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl)
                .overrideConfiguration(c -> c.apiCallTimeout(callTimeout))
                .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT, QueueAttributeName.REDRIVE_POLICY)).attributes();
        Duration visibility = Duration.ofSeconds(Long.parseLong(attributes.getOrDefault(QueueAttributeName.VISIBILITY_TIMEOUT, "30")));
        String redrive = attributes.get(QueueAttributeName.REDRIVE_POLICY);
        if (redrive == null || redrive.isBlank()) {
            return new QueuePolicy(visibility, 0, Optional.empty());
        }
        JsonNode policy = parse(redrive);
        String targetArn = policy.path("deadLetterTargetArn").asText();
        String deadLetterQueueName = targetArn.substring(targetArn.lastIndexOf(':') + 1);
        String deadLetterQueueUrl = new QueueUrl(sqs, deadLetterQueueName, callTimeout).get();
        return new QueuePolicy(visibility, policy.path("maxReceiveCount").asInt(), Optional.of(deadLetterQueueUrl));
    }

    private static JsonNode parse(String redrivePolicy) {
        try {
            return JSON.readTree(redrivePolicy);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the queue's redrive policy is not JSON: " + redrivePolicy, e);
        }
    }
}
