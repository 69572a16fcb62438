package io.flashorders.local;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * One queue of {@code order-queues.json}. A setting left out of the file is left to SQS's default, exactly as
 * Terraform's {@code aws_sqs_queue} does with an omitted argument (the JSON keys are that resource's argument names).
 * Immutable.
 */
public final class QueueDefinition {

    private final String name;
    private final Integer visibilityTimeoutSeconds;
    private final Integer messageRetentionSeconds;
    private final Integer receiveWaitTimeSeconds;
    private final RedrivePolicy redrivePolicy;

    @JsonCreator
    public QueueDefinition(
            @JsonProperty(value = "name", required = true) String name,
            @JsonProperty("visibility_timeout_seconds") Integer visibilityTimeoutSeconds,
            @JsonProperty("message_retention_seconds") Integer messageRetentionSeconds,
            @JsonProperty("receive_wait_time_seconds") Integer receiveWaitTimeSeconds,
            @JsonProperty("redrive_policy") RedrivePolicy redrivePolicy) {
        if (name == null || !name.matches("[A-Za-z0-9_-]{1,80}")) {
            throw new IllegalArgumentException("queue name must be 1-80 letters, digits, '-' or '_': " + name);
        }
        this.name = name;
        this.visibilityTimeoutSeconds = inRange(name, "visibility_timeout_seconds", visibilityTimeoutSeconds, 0, 43_200);
        this.messageRetentionSeconds = inRange(name, "message_retention_seconds", messageRetentionSeconds, 60, 1_209_600);
        this.receiveWaitTimeSeconds = inRange(name, "receive_wait_time_seconds", receiveWaitTimeSeconds, 0, 20);
        if (redrivePolicy != null && redrivePolicy.deadLetterQueue().equals(name)) {
            throw new IllegalArgumentException("queue " + name + " cannot be its own dead-letter queue");
        }
        this.redrivePolicy = redrivePolicy;
    }

    public String name() {
        return name;
    }

    public OptionalInt visibilityTimeoutSeconds() {
        return optional(visibilityTimeoutSeconds);
    }

    public OptionalInt messageRetentionSeconds() {
        return optional(messageRetentionSeconds);
    }

    public OptionalInt receiveWaitTimeSeconds() {
        return optional(receiveWaitTimeSeconds);
    }

    public Optional<RedrivePolicy> redrivePolicy() {
        return Optional.ofNullable(redrivePolicy);
    }

    /**
     * The SQS attributes for CreateQueue/SetQueueAttributes, except {@code RedrivePolicy}, which needs the
     * dead-letter queue's ARN and so can only be built once that queue exists (see {@link RedrivePolicy#toSqsJson}).
     */
    public Map<QueueAttributeName, String> sqsAttributesWithoutRedrive() {
        Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
        visibilityTimeoutSeconds().ifPresent(v -> attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(v)));
        messageRetentionSeconds().ifPresent(v -> attributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, Integer.toString(v)));
        receiveWaitTimeSeconds().ifPresent(v -> attributes.put(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, Integer.toString(v)));
        return attributes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QueueDefinition other
                && name.equals(other.name)
                && Objects.equals(visibilityTimeoutSeconds, other.visibilityTimeoutSeconds)
                && Objects.equals(messageRetentionSeconds, other.messageRetentionSeconds)
                && Objects.equals(receiveWaitTimeSeconds, other.receiveWaitTimeSeconds)
                && Objects.equals(redrivePolicy, other.redrivePolicy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, visibilityTimeoutSeconds, messageRetentionSeconds, receiveWaitTimeSeconds, redrivePolicy);
    }

    @Override
    public String toString() {
        return "QueueDefinition[name=" + name
                + ", visibility_timeout_seconds=" + visibilityTimeoutSeconds
                + ", message_retention_seconds=" + messageRetentionSeconds
                + ", receive_wait_time_seconds=" + receiveWaitTimeSeconds
                + ", redrive_policy=" + redrivePolicy + "]";
    }

    private static Integer inRange(String queue, String key, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw new IllegalArgumentException(queue + ": " + key + " must be " + min + ".." + max + ", was " + value);
        }
        return value;
    }

    private static OptionalInt optional(Integer value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }

    /** Where a message goes after {@code maxReceiveCount} receives without a delete. The target is named, not an ARN. */
    public record RedrivePolicy(
            @JsonProperty(value = "dead_letter_queue", required = true) String deadLetterQueue,
            @JsonProperty(value = "max_receive_count", required = true) int maxReceiveCount) {

        public RedrivePolicy {
            Objects.requireNonNull(deadLetterQueue, "dead_letter_queue");
            if (maxReceiveCount < 1 || maxReceiveCount > 1000) {
                throw new IllegalArgumentException("max_receive_count must be 1..1000, was " + maxReceiveCount);
            }
        }

        /** The {@code RedrivePolicy} attribute value SQS expects, given the dead-letter queue's ARN. */
        public String toSqsJson(String deadLetterQueueArn) {
            return "{\"deadLetterTargetArn\":\"" + deadLetterQueueArn + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}";
        }
    }
}
