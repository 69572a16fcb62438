package io.flashorders.local;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The product's queues as defined in {@value #RESOURCE}, the single source of queue settings (local servers and
 * Terraform both read it). Shape:
 *
 * <pre>{@code
 * {"queues": [
 *   {"name": "...", "visibility_timeout_seconds": 30, "message_retention_seconds": 345600,
 *    "receive_wait_time_seconds": 20, "redrive_policy": {"dead_letter_queue": "...", "max_receive_count": 5}},
 *   {"name": "...", "message_retention_seconds": 1209600}
 * ]}
 * }</pre>
 *
 * Unknown keys are rejected so that a misspelt setting fails loudly instead of silently falling back to a default.
 * Immutable.
 */
public final class QueueDefinitions {

    /** Classpath location (and file name under {@code local-services/src/main/resources/}). */
    public static final String RESOURCE = "order-queues.json";

    /** Names of the queues in the shipped definition, for code that needs one by name. */
    public static final String ORDER_PROCESSING_QUEUE = "order-processing-queue";
    public static final String ORDER_PROCESSING_DLQ = "order-processing-dlq";
    /** Where the processor sends completion events, when they are on. */
    public static final String ORDER_STATUS_EVENTS = "order-status-events";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final Map<String, QueueDefinition> byName;

    private QueueDefinitions(List<QueueDefinition> queues) {
        if (queues == null || queues.isEmpty()) {
            throw new IllegalArgumentException("no queues defined");
        }
        Map<String, QueueDefinition> map = new LinkedHashMap<>();
        for (QueueDefinition queue : queues) {
            if (map.put(queue.name(), queue) != null) {
                throw new IllegalArgumentException("queue defined twice: " + queue.name());
            }
        }
        for (QueueDefinition queue : queues) {
            queue.redrivePolicy().ifPresent(redrive -> {
                if (!map.containsKey(redrive.deadLetterQueue())) {
                    throw new IllegalArgumentException("queue " + queue.name() + " redrives to undefined queue "
                            + redrive.deadLetterQueue());
                }
            });
        }
        this.byName = map;
        creationOrder(); // rejects redrive cycles
    }

    /** The shipped {@value #RESOURCE} from the classpath. */
    public static QueueDefinitions load() {
        try (InputStream in = QueueDefinitions.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** @throws IllegalArgumentException when the JSON is malformed or the definitions are inconsistent */
    public static QueueDefinitions read(InputStream json) {
        try {
            return MAPPER.readValue(json, QueueDefinitions.class);
        } catch (IOException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException invalid) {
                throw invalid;
            }
            throw new IllegalArgumentException("invalid queue definitions: " + e.getMessage(), e);
        }
    }

    @JsonCreator
    static QueueDefinitions fromJson(@JsonProperty(value = "queues", required = true) List<QueueDefinition> queues) {
        return new QueueDefinitions(queues);
    }

    /**
     * The same definitions with one queue's visibility timeout changed: tests that wait for redeliveries use a short
     * one, as a stand-in for the minutes a real timeout lasts.
     */
    public QueueDefinitions withVisibilityTimeout(String queueName, int seconds) {
        List<QueueDefinition> changed = new ArrayList<>();
        for (QueueDefinition queue : byName.values()) {
            changed.add(!queue.name().equals(queueName) ? queue : new QueueDefinition(queue.name(), seconds,
                    queue.messageRetentionSeconds().isPresent() ? queue.messageRetentionSeconds().getAsInt() : null,
                    queue.receiveWaitTimeSeconds().isPresent() ? queue.receiveWaitTimeSeconds().getAsInt() : null,
                    queue.redrivePolicy().orElse(null)));
        }
        get(queueName);
        return new QueueDefinitions(changed);
    }

    /** In file order. */
    public List<QueueDefinition> queues() {
        return List.copyOf(byName.values());
    }

    /** @throws IllegalArgumentException when no queue has that name */
    public QueueDefinition get(String name) {
        QueueDefinition queue = byName.get(name);
        if (queue == null) {
            throw new IllegalArgumentException("no queue named " + name + "; defined: " + byName.keySet());
        }
        return queue;
    }

    /** Every queue after the dead-letter queue it redrives to, so that the target's ARN exists when needed. */
    public List<QueueDefinition> creationOrder() {
        Set<String> ordered = new LinkedHashSet<>();
        for (String name : byName.keySet()) {
            addWithTargetsFirst(name, ordered, new LinkedHashSet<>());
        }
        List<QueueDefinition> result = new ArrayList<>();
        ordered.forEach(name -> result.add(byName.get(name)));
        return List.copyOf(result);
    }

    private void addWithTargetsFirst(String name, Set<String> ordered, Set<String> visiting) {
        if (ordered.contains(name)) {
            return;
        }
        if (!visiting.add(name)) {
            throw new IllegalArgumentException("redrive policies form a cycle: " + visiting);
        }
        byName.get(name).redrivePolicy().ifPresent(r -> addWithTargetsFirst(r.deadLetterQueue(), ordered, visiting));
        ordered.add(name);
    }

    @Override
    public String toString() {
        return "QueueDefinitions" + byName.values();
    }
}
