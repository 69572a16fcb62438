package io.flashorders.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.local.LocalQueueServer;
import io.flashorders.local.QueueDefinitions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** Leases against a real SQS-compatible server whose order queue has a 2 s visibility timeout. */
class VisibilityLeasesTest {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration MAX_AGE = Duration.ofMinutes(5);

    private static LocalQueueServer queues;
    private static SqsClient sqs;
    private static String url;
    private static ScheduledExecutorService scheduler;

    @BeforeAll
    static void start() {
        queues = LocalQueueServer.start(0, QueueDefinitions.load().withVisibilityTimeout(QueueDefinitions.ORDER_PROCESSING_QUEUE, 2));
        sqs = AwsClients.sqs(new AwsSettings("us-east-1", Optional.of(queues.endpoint()), CALL_TIMEOUT));
        url = queues.queueUrl(QueueDefinitions.ORDER_PROCESSING_QUEUE);
        scheduler = Executors.newScheduledThreadPool(1);
    }

    @AfterAll
    static void stop() {
        scheduler.shutdownNow();
        sqs.close();
        queues.close();
    }

    @BeforeEach
    void emptyQueue() {
        sqs.purgeQueue(r -> r.queueUrl(url));
    }

    @Test
    void hold_longerThanTheVisibilityTimeout_keepsTheMessageInvisibleUntilEnded() throws Exception {
        sqs.sendMessage(r -> r.queueUrl(url).messageBody("order"));
        Message received = receive(0).get(0);
        VisibilityLeases leases = new VisibilityLeases(sqs, url, Duration.ofSeconds(2), MAX_AGE, scheduler, CALL_TIMEOUT);

        VisibilityLeases.Lease lease = leases.hold(received.receiptHandle());

        // A long poll answers as soon as a message is visible: an empty answer after 5 s, two and a half timeouts,
        // means the message stayed hidden all that time.
        assertEquals(List.of(), receive(5), "still invisible after more than two timeouts");
        lease.end();
        List<Message> again = receive(5);
        assertEquals(1, again.size(), "back once the lease ended and the last extension ran out");
        assertEquals(0, leases.held());
    }

    @Test
    void visibleIn_backOff_messageComesBackAfterTheDelayWithItsReceiveCount() throws Exception {
        sqs.sendMessage(r -> r.queueUrl(url).messageBody("order"));
        VisibilityLeases leases = new VisibilityLeases(sqs, url, Duration.ofSeconds(30), MAX_AGE, scheduler, CALL_TIMEOUT);
        VisibilityLeases.Lease lease = leases.hold(receive(0).get(0).receiptHandle());

        long start = System.nanoTime();
        assertTrue(lease.visibleIn(Duration.ofSeconds(1)));
        List<Message> again = receive(10);

        Duration away = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(1, again.size());
        assertEquals("2", again.get(0).attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
        assertTrue(away.compareTo(Duration.ofMillis(900)) >= 0 && away.compareTo(Duration.ofSeconds(8)) < 0,
                "back after about the back-off rather than the 30 s timeout: " + away);
    }

    @Test
    void hold_pastItsMaximumAge_stopsExtendingAndInterruptsItsWorker() throws Exception {
        sqs.sendMessage(r -> r.queueUrl(url).messageBody("order"));
        VisibilityLeases leases = new VisibilityLeases(sqs, url, Duration.ofSeconds(2), Duration.ofSeconds(3), scheduler, CALL_TIMEOUT);
        long start = System.nanoTime();
        VisibilityLeases.Lease lease = leases.hold(receive(0).get(0).receiptHandle());
        CountDownLatch interrupted = new CountDownLatch(1);
        Thread worker = new Thread(() -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        lease.workedOnBy(worker);
        worker.start();

        assertTrue(interrupted.await(10, TimeUnit.SECONDS), "a stalled worker is interrupted");
        Duration held = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(held.compareTo(Duration.ofSeconds(3)) >= 0 && held.compareTo(Duration.ofSeconds(6)) < 0, "at its maximum age: " + held);
        assertTrue(lease.expired());
        assertEquals(0, leases.held());
        assertEquals(1, receive(5).size(), "no longer extended: back within a visibility timeout");
    }

    @Test
    void visibleIn_afterAnExtensionRan_isTheLastWordOnTheVisibility() throws Exception {
        sqs.sendMessage(r -> r.queueUrl(url).messageBody("order"));
        VisibilityLeases leases = new VisibilityLeases(sqs, url, Duration.ofSeconds(2), MAX_AGE, scheduler, CALL_TIMEOUT);
        VisibilityLeases.Lease lease = leases.hold(receive(0).get(0).receiptHandle());
        CountDownLatch extended = new CountDownLatch(1);
        lease.onExtended(extended::countDown);
        assertTrue(extended.await(5, TimeUnit.SECONDS));

        assertTrue(lease.visibleIn(Duration.ZERO));

        assertEquals(1, receive(1).size(), "visible at once, whatever extension was scheduled");
    }

    @Test
    void read_orderQueue_takesTimeoutAndRedriveFromTheQueueItself() {
        QueuePolicy policy = QueuePolicy.read(sqs, url, CALL_TIMEOUT);

        assertEquals(Duration.ofSeconds(2), policy.visibilityTimeout());
        assertEquals(5, policy.maxReceiveCount());
        assertEquals(Optional.of(queues.queueUrl(QueueDefinitions.ORDER_PROCESSING_DLQ)), policy.deadLetterQueueUrl());
        QueuePolicy dlq = QueuePolicy.read(sqs, queues.queueUrl(QueueDefinitions.ORDER_PROCESSING_DLQ), CALL_TIMEOUT);
        assertEquals(Optional.empty(), dlq.deadLetterQueueUrl());
    }

    private static List<Message> receive(int waitSeconds) {
        return sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(waitSeconds).maxNumberOfMessages(1)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
    }
}
