package io.flashorders.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class QueueDefinitionsTest {

    @Test
    void load_orderQueuesJson_definesProcessingQueueDlqAndStatusEvents() {
        QueueDefinitions definitions = QueueDefinitions.load();

        assertEquals(List.of("order-processing-queue", "order-processing-dlq", "order-status-events"),
                definitions.queues().stream().map(QueueDefinition::name).toList());

        QueueDefinition queue = definitions.get(QueueDefinitions.ORDER_PROCESSING_QUEUE);
        assertEquals(OptionalInt.of(30), queue.visibilityTimeoutSeconds());
        assertEquals(OptionalInt.of(4 * 24 * 3600), queue.messageRetentionSeconds());
        assertEquals(OptionalInt.of(20), queue.receiveWaitTimeSeconds());
        assertEquals(new QueueDefinition.RedrivePolicy("order-processing-dlq", 5), queue.redrivePolicy().orElseThrow());

        QueueDefinition dlq = definitions.get(QueueDefinitions.ORDER_PROCESSING_DLQ);
        assertEquals(OptionalInt.of(14 * 24 * 3600), dlq.messageRetentionSeconds());
        assertEquals(OptionalInt.empty(), dlq.visibilityTimeoutSeconds());
        assertEquals(OptionalInt.empty(), dlq.receiveWaitTimeSeconds());
        assertTrue(dlq.redrivePolicy().isEmpty());

        QueueDefinition events = definitions.get(QueueDefinitions.ORDER_STATUS_EVENTS);
        assertEquals(OptionalInt.of(4 * 24 * 3600), events.messageRetentionSeconds());
        assertEquals(OptionalInt.of(20), events.receiveWaitTimeSeconds());
        assertTrue(events.redrivePolicy().isEmpty());
    }

    @Test
    void load_dlqRetention_outlastsSourceRetention() {
        // A dead letter keeps its original enqueue time on a standard queue: it must not expire in the DLQ first.
        QueueDefinitions definitions = QueueDefinitions.load();
        for (QueueDefinition queue : definitions.queues()) {
            queue.redrivePolicy().ifPresent(redrive -> assertTrue(
                    definitions.get(redrive.deadLetterQueue()).messageRetentionSeconds().orElseThrow()
                            > queue.messageRetentionSeconds().orElseThrow(), queue.name()));
        }
    }

    @Test
    void creationOrder_dlqDefinedAfterSource_dlqComesFirst() {
        assertEquals(List.of("order-processing-dlq", "order-processing-queue", "order-status-events"),
                QueueDefinitions.load().creationOrder().stream().map(QueueDefinition::name).toList());
    }

    @Test
    void sqsAttributesWithoutRedrive_processingQueue_usesSqsNamesAndSeconds() {
        assertEquals(Map.of(
                        QueueAttributeName.VISIBILITY_TIMEOUT, "30",
                        QueueAttributeName.MESSAGE_RETENTION_PERIOD, "345600",
                        QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, "20"),
                QueueDefinitions.load().get("order-processing-queue").sqsAttributesWithoutRedrive());
    }

    @Test
    void read_misspeltKey_isRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read("{\"queues\":[{\"name\":\"q\",\"visibility_timeout\":30}]}"));
        assertTrue(e.getMessage().contains("visibility_timeout"), e.getMessage());
    }

    @Test
    void read_redriveToUndefinedQueue_isRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(
                "{\"queues\":[{\"name\":\"q\",\"redrive_policy\":{\"dead_letter_queue\":\"nope\",\"max_receive_count\":3}}]}"));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }

    @Test
    void read_redriveCycle_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> read("{\"queues\":["
                + "{\"name\":\"a\",\"redrive_policy\":{\"dead_letter_queue\":\"b\",\"max_receive_count\":3}},"
                + "{\"name\":\"b\",\"redrive_policy\":{\"dead_letter_queue\":\"a\",\"max_receive_count\":3}}]}"));
    }

    @Test
    void read_outOfRangeOrMissingValues_areRejected() {
        assertThrows(IllegalArgumentException.class, () -> read("{\"queues\":[{\"name\":\"q\",\"receive_wait_time_seconds\":21}]}"));
        assertThrows(IllegalArgumentException.class, () -> read("{\"queues\":[{\"name\":\"q\",\"message_retention_seconds\":1209601}]}"));
        assertThrows(IllegalArgumentException.class, () -> read(
                "{\"queues\":[{\"name\":\"d\"},{\"name\":\"q\",\"redrive_policy\":{\"dead_letter_queue\":\"d\"}}]}"));
        assertThrows(IllegalArgumentException.class, () -> read("{\"queues\":[{\"name\":\"q\"},{\"name\":\"q\"}]}"));
        assertThrows(IllegalArgumentException.class, () -> read("{\"queues\":[{\"visibility_timeout_seconds\":30}]}"));
        assertThrows(IllegalArgumentException.class, () -> read("{\"queues\":[]}"));
    }

    private static QueueDefinitions read(String json) {
        return QueueDefinitions.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void withVisibilityTimeout_oneQueue_changesOnlyThatSetting() {
        QueueDefinitions shipped = QueueDefinitions.load();

        QueueDefinitions shorter = shipped.withVisibilityTimeout(QueueDefinitions.ORDER_PROCESSING_QUEUE, 4);

        QueueDefinition queue = shorter.get(QueueDefinitions.ORDER_PROCESSING_QUEUE);
        assertEquals(OptionalInt.of(4), queue.visibilityTimeoutSeconds());
        QueueDefinition original = shipped.get(QueueDefinitions.ORDER_PROCESSING_QUEUE);
        assertEquals(original.redrivePolicy(), queue.redrivePolicy());
        assertEquals(original.messageRetentionSeconds(), queue.messageRetentionSeconds());
        assertEquals(shipped.get(QueueDefinitions.ORDER_PROCESSING_DLQ), shorter.get(QueueDefinitions.ORDER_PROCESSING_DLQ));
        assertThrows(IllegalArgumentException.class, () -> shipped.withVisibilityTimeout("no-such-queue", 4));
    }
}
