package io.flashorders.local;

import static io.flashorders.local.QueueDefinitions.ORDER_PROCESSING_DLQ;
import static io.flashorders.local.QueueDefinitions.ORDER_PROCESSING_QUEUE;
import static io.flashorders.local.QueueDefinitions.ORDER_STATUS_EVENTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class LocalQueueServerTest {

    private static final String ACCOUNT = LocalQueueServer.ACCOUNT_ID;

    private static LocalQueueServer server;
    private static SqsClient sqs;

    @BeforeAll
    static void startServer() {
        server = LocalQueueServer.start(0);
        sqs = SqsClients.forEndpoint(server.endpoint());
    }

    @AfterAll
    static void stopServer() {
        sqs.close();
        server.close();
    }

    @Test
    void start_definedQueues_haveConfiguredAttributes() throws IOException {
        int port = server.port();
        assertEquals("http://localhost:" + port, server.endpoint().toString());
        String queueUrl = "http://localhost:" + port + "/" + ACCOUNT + "/order-processing-queue";
        String dlqUrl = "http://localhost:" + port + "/" + ACCOUNT + "/order-processing-dlq";
        String eventsUrl = "http://localhost:" + port + "/" + ACCOUNT + "/order-status-events";
        assertEquals(queueUrl, server.queueUrl(ORDER_PROCESSING_QUEUE));
        assertEquals(dlqUrl, server.queueUrl(ORDER_PROCESSING_DLQ));
        assertEquals(eventsUrl, server.queueUrl(ORDER_STATUS_EVENTS));
        assertEquals(List.of(dlqUrl, queueUrl, eventsUrl).stream().sorted().toList(),
                sqs.listQueues().queueUrls().stream().sorted().toList());

        Map<QueueAttributeName, String> queue = allAttributes(queueUrl);
        assertEquals("30", queue.get(QueueAttributeName.VISIBILITY_TIMEOUT));
        assertEquals("20", queue.get(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS));
        assertEquals("0", queue.get(QueueAttributeName.DELAY_SECONDS));
        assertEquals("arn:aws:sqs:us-east-1:" + ACCOUNT + ":order-processing-queue", queue.get(QueueAttributeName.QUEUE_ARN));
        JsonNode redrive = new ObjectMapper().readTree(queue.get(QueueAttributeName.REDRIVE_POLICY));
        assertEquals("arn:aws:sqs:us-east-1:" + ACCOUNT + ":order-processing-dlq", redrive.get("deadLetterTargetArn").asText());
        assertEquals(5, redrive.get("maxReceiveCount").asInt());
        // ElasticMQ accepts MessageRetentionPeriod on CreateQueue but neither stores nor reports it (and never
        // expires messages): should a later version report it, it must be the defined value.
        assertRetentionIfReported(queue, "345600");

        Map<QueueAttributeName, String> dlq = allAttributes(dlqUrl);
        assertEquals("30", dlq.get(QueueAttributeName.VISIBILITY_TIMEOUT), "SQS default");
        assertEquals("0", dlq.get(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS), "SQS default");
        assertEquals("arn:aws:sqs:us-east-1:" + ACCOUNT + ":order-processing-dlq", dlq.get(QueueAttributeName.QUEUE_ARN));
        assertFalse(dlq.containsKey(QueueAttributeName.REDRIVE_POLICY));
        assertRetentionIfReported(dlq, "1209600");

        Map<QueueAttributeName, String> events = allAttributes(eventsUrl);
        assertEquals("20", events.get(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS));
        assertFalse(events.containsKey(QueueAttributeName.REDRIVE_POLICY));
        assertRetentionIfReported(events, "345600");
    }

    @Test
    void receive_fiveTimesWithoutDelete_movesMessageToDlq() {
        String queueUrl = server.queueUrl(ORDER_PROCESSING_QUEUE);
        String dlqUrl = server.queueUrl(ORDER_PROCESSING_DLQ);
        String body = "{\"orderId\":\"" + UUID.randomUUID() + "\"}";
        String messageId = sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body)).messageId();

        List<String> receiveCounts = new ArrayList<>();
        for (int attempt = 0; attempt < 10; attempt++) {
            // Visibility 0: the message is back at once, as if every consumer failed it straight away.
            List<Message> received = sqs.receiveMessage(r -> r.queueUrl(queueUrl).visibilityTimeout(0).waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
            if (received.isEmpty()) {
                break;
            }
            assertEquals(messageId, received.get(0).messageId());
            receiveCounts.add(received.get(0).attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
        }

        assertEquals(List.of("1", "2", "3", "4", "5"), receiveCounts);
        List<Message> deadLetters = sqs.receiveMessage(r -> r.queueUrl(dlqUrl).waitTimeSeconds(2)).messages();
        assertEquals(1, deadLetters.size());
        assertEquals(messageId, deadLetters.get(0).messageId());
        assertEquals(body, deadLetters.get(0).body());
        sqs.deleteMessage(r -> r.queueUrl(dlqUrl).receiptHandle(deadLetters.get(0).receiptHandle()));
        assertEquals("0", allAttributes(queueUrl).get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    @Test
    void createAll_queuesExistWithOtherSettings_isIdempotentAndRestoresDefinitions() {
        String queueUrl = server.queueUrl(ORDER_PROCESSING_QUEUE);
        sqs.setQueueAttributes(r -> r.queueUrl(queueUrl).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "5")));
        try {
            Map<String, String> urls = QueueCreator.createAll(sqs, server.definitions());

            assertEquals(server.queueUrls(), urls);
            assertEquals("30", allAttributes(queueUrl).get(QueueAttributeName.VISIBILITY_TIMEOUT));
            assertEquals(server.definitions().queues().size(), sqs.listQueues().queueUrls().size());
            assertEquals(urls, QueueCreator.createAll(sqs, server.definitions()));
        } finally {
            sqs.setQueueAttributes(r -> r.queueUrl(queueUrl).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30")));
        }
    }

    @Test
    void queryProtocol_listQueues_answersXmlWithQueueUrls() throws Exception {
        // Older SDKs and the AWS CLI v1 speak the form-encoded query protocol; SDK v2 here speaks AWS JSON 1.0.
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.endpoint())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("Action=ListQueues&Version=2012-11-05"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("<QueueUrl>" + server.queueUrl(ORDER_PROCESSING_QUEUE) + "</QueueUrl>"), response.body());
        assertTrue(response.body().contains("<QueueUrl>" + server.queueUrl(ORDER_PROCESSING_DLQ) + "</QueueUrl>"), response.body());
    }

    @Test
    void queueUrl_undefinedQueue_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> server.queueUrl("no-such-queue"));
    }

    @Test
    void stop_thenStartOnSamePort_queuesAreBackAndEmpty() {
        try (LocalQueueServer outage = LocalQueueServer.start(0); SqsClient client = SqsClients.forEndpoint(outage.endpoint())) {
            int port = outage.port();
            Map<String, String> urls = outage.queueUrls();
            client.sendMessage(r -> r.queueUrl(outage.queueUrl(ORDER_PROCESSING_QUEUE)).messageBody("lost in the outage"));

            outage.stop();
            assertFalse(outage.isRunning());
            assertRefused(port);

            outage.restart();
            assertTrue(outage.isRunning());
            assertEquals(port, outage.port());
            assertEquals(urls, outage.queueUrls());
            Map<QueueAttributeName, String> queue = attributes(client, outage.queueUrl(ORDER_PROCESSING_QUEUE));
            assertEquals("30", queue.get(QueueAttributeName.VISIBILITY_TIMEOUT));
            assertTrue(queue.containsKey(QueueAttributeName.REDRIVE_POLICY));
            assertEquals("0", queue.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES), "in memory: messages do not survive");

            // A separate instance can take the port over right after a stop, too.
            outage.stop();
            try (LocalQueueServer again = LocalQueueServer.start(port)) {
                assertEquals(urls, again.queueUrls());
                assertEquals(outage.definitions().queues().size(), client.listQueues().queueUrls().size());
            }
            assertRefused(port);
        }
    }

    @Test
    void stop_duringLongPoll_cutsThePollAndFreesThePortWithinSeconds() throws Exception {
        try (LocalQueueServer outage = LocalQueueServer.start(0); SqsClient client = SqsClients.forEndpoint(outage.endpoint())) {
            String queueUrl = outage.queueUrl(ORDER_PROCESSING_QUEUE);
            CompletableFuture<Object> poll = new CompletableFuture<>();
            Thread poller = new Thread(() -> {
                try {
                    poll.complete(client.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(20)).messages());
                } catch (RuntimeException e) {
                    poll.complete(e);
                }
            }, "long-poll");
            poller.start();
            awaitReadingAnswer(poller);

            long stopStarted = System.nanoTime();
            outage.stop();
            Duration stopTook = Duration.ofNanos(System.nanoTime() - stopStarted);

            assertTrue(stopTook.compareTo(Duration.ofSeconds(5)) < 0, "stop took " + stopTook);
            assertRefused(outage.port());
            Object pollResult = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> poll.get());
            assertTrue(pollResult instanceof RuntimeException || ((List<?>) pollResult).isEmpty(), String.valueOf(pollResult));
        }
    }

    /**
     * Waits until the thread has sent its request and reads the answer from its socket: the long poll is then on the
     * server's side of the connection (an empty queue answers it only after its wait time).
     */
    private static void awaitReadingAnswer(Thread caller) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!readsASocket(caller.getStackTrace())) {
            assertTrue(caller.isAlive(), "the call ended before it was seen waiting for its answer");
            assertTrue(System.nanoTime() < deadline, "the call never reached its socket read");
            Thread.yield();
        }
    }

    private static boolean readsASocket(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            if (frame.getMethodName().equals("read") && frame.getClassName().contains("Socket")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void start_portTaken_failsWithPortInUse() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LocalQueueServer.PortInUseException e = assertThrows(LocalQueueServer.PortInUseException.class,
                    () -> LocalQueueServer.start(taken.getLocalPort()));
            assertTrue(e.getMessage().contains(Integer.toString(taken.getLocalPort())), e.getMessage());
        }
    }

    private static Map<QueueAttributeName, String> allAttributes(String queueUrl) {
        return attributes(sqs, queueUrl);
    }

    private static Map<QueueAttributeName, String> attributes(SqsClient client, String queueUrl) {
        return client.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.ALL)).attributes();
    }

    private static void assertRetentionIfReported(Map<QueueAttributeName, String> attributes, String expected) {
        String reported = attributes.get(QueueAttributeName.MESSAGE_RETENTION_PERIOD);
        if (reported != null) {
            assertEquals(expected, reported);
        }
    }

    private static void assertRefused(int port) {
        assertThrows(ConnectException.class, () -> {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                // connected: the port is still served
            }
        });
    }
}
