package io.flashorders.processor.consume;

import com.amazon.sqs.javamessaging.message.SQSMessage;
import io.flashorders.aws.DeadLetterQueue;
import io.flashorders.aws.QueuePolicy;
import io.flashorders.aws.VisibilityLeases;
import io.flashorders.core.processing.ProcessingOutcome;
import io.flashorders.core.processing.ProcessingOutcome.Poison;
import io.flashorders.core.processing.ProcessingOutcome.RetryLater;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What the processor does with each order message, on its worker: keeps it invisible while the order is paid, then
 * says it may be deleted (paid), lets it come back after a back-off (the payment failed), or moves it to the
 * dead-letter queue with the reason (it can never be processed). The queue's own policy (visibility timeout, redrive
 * target) is read once the queue is reachable.
 */
final class OrderMessages {

    private static final Logger LOG = Logger.getLogger(OrderMessages.class.getName());

    private final SqsClient sqs;
    private final Supplier<String> queueUrl;
    private final ScheduledExecutorService scheduler;
    private final OrderHandler handler;
    private final RetryBackoff backoff;
    private final Duration callTimeout;
    private final Consumer<String> deadLettered;
    private volatile Prepared prepared;

    /** @param deadLettered told the reason of each message moved to the dead-letter queue (a metric) */
    OrderMessages(SqsClient sqs, Supplier<String> queueUrl, ScheduledExecutorService scheduler, OrderHandler handler,
                  RetryBackoff backoff, Duration callTimeout, Consumer<String> deadLettered) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.scheduler = scheduler;
        this.handler = handler;
        this.backoff = backoff;
        this.callTimeout = callTimeout;
        this.deadLettered = deadLettered;
    }

    /** Reads the queue's policy, once. @throws SdkException while the queue cannot be reached */
    synchronized void prepare() {
        if (prepared == null) {
            String url = queueUrl.get();
            QueuePolicy policy = QueuePolicy.read(sqs, url, callTimeout);
            prepared = new Prepared(new VisibilityLeases(sqs, url, policy.visibilityTimeout(), scheduler, callTimeout),
                    policy.deadLetterQueueUrl().map(dlq -> new DeadLetterQueue(sqs, dlq, callTimeout)));
            LOG.info(() -> "order queue: visibility timeout " + policy.visibilityTimeout().toSeconds() + " s, extended every "
                    + policy.visibilityTimeout().toSeconds() / 2.0 + " s while paying; dead-letter queue after "
                    + policy.maxReceiveCount() + " receives: " + policy.deadLetterQueueUrl().orElse("none"));
        }
    }

    /** Runs on a worker. @return true when the message is done with and is to be deleted */
    boolean process(Message message) {
        Prepared ready = prepared;
        VisibilityLeases.Lease lease = ready.leases().hold(((SQSMessage) message).getReceiptHandle());
        String body;
        try {
            body = message instanceof TextMessage text && text.getText() != null ? text.getText() : "";
        } catch (JMSException e) {
            lease.end();
            return false;
        }
        return settle(ready, lease, body, handler.handle(body), message);
    }

    /** Paid, finished or declined: deleted; not paid yet: back after a back-off; poison: dead-lettered. */
    private boolean settle(Prepared ready, VisibilityLeases.Lease lease, String body, ProcessingOutcome outcome, Message message) {
        if (outcome instanceof RetryLater retry) {
            Duration delay = retry.after().orElseGet(() -> backoff.after(receiveCount(message)));
            lease.visibleIn(delay);
            LOG.warning(() -> "order message " + messageId(message) + " not paid (" + retry.reason().code() + ": " + retry.detail()
                    + "); received " + receiveCount(message) + " time(s), back in " + delay.toSeconds() + " s");
            return false;
        }
        lease.end();
        return !(outcome instanceof Poison poison) || deadLetter(ready.deadLetters(), body, poison, message);
    }

    /** A message received but never handed to a worker (the server is stopping) is made visible again at once. */
    void giveBack(Message message) {
        Prepared ready = prepared;
        if (ready != null) {
            ready.leases().hold(((SQSMessage) message).getReceiptHandle()).visibleIn(Duration.ZERO);
        }
    }

    /** For a stop that could not wait: messages still being worked on become visible now, for another processor. */
    int returnUnfinished() {
        Prepared ready = prepared;
        return ready == null ? 0 : ready.leases().returnAll();
    }

    private boolean deadLetter(Optional<DeadLetterQueue> deadLetters, String body, Poison poison, Message message) {
        if (deadLetters.isEmpty()) {
            LOG.warning(() -> "unprocessable order message " + messageId(message) + " (" + poison.detail()
                    + ") and no dead-letter queue: left for the queue to redeliver");
            return false;
        }
        try {
            deadLetters.get().send(body, poison.code(), poison.detail(), messageId(message));
        } catch (SdkException e) {
            LOG.warning(() -> "cannot dead-letter message " + messageId(message) + ", it will be redelivered: " + e.getMessage());
            return false;
        }
        deadLettered.accept(poison.code());
        LOG.warning(() -> "dead-lettered order message " + messageId(message) + ": " + poison.code() + ": " + poison.detail());
        return true;
    }

    private static int receiveCount(Message message) {
        try {
            return message.propertyExists("JMSXDeliveryCount") ? message.getIntProperty("JMSXDeliveryCount") : 1;
        } catch (JMSException e) {
            return 1;
        }
    }

    private static String messageId(Message message) {
        try {
            return message.getJMSMessageID();
        } catch (JMSException e) {
            return "(unknown id)";
        }
    }

    private record Prepared(VisibilityLeases leases, Optional<DeadLetterQueue> deadLetters) {
    }
}
