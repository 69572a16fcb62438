package io.flashorders.processor.consume;

import com.amazon.sqs.javamessaging.message.SQSMessage;
import io.flashorders.aws.DeadLetterQueue;
import io.flashorders.aws.QueuePolicy;
import io.flashorders.aws.VisibilityLeases;
import io.flashorders.core.concurrent.Uninterrupted;
import io.flashorders.core.processing.DeliveryClaim;
import io.flashorders.core.processing.ProcessingOutcome;
import io.flashorders.core.processing.ProcessingOutcome.DeadLetter;
import io.flashorders.core.processing.ProcessingOutcome.RetryLater;
import io.flashorders.core.processing.Reason;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * What the processor does with each order message: keeps it invisible from its receive while the order is paid, then
 * says whether it may be deleted. Every delivery a worker is done with is deleted, so that the JMS session, which keeps
 * each delivery until it is acknowledged, holds none of them afterwards, and closing the session (which makes what it
 * still holds visible at once) undoes nothing:
 * <ul>
 * <li>paid, or the order had finished: deleted;</li>
 * <li>never processable: sent to the dead-letter queue with the reason, then deleted;</li>
 * <li>to be retried: a copy is sent back to the queue with a delay (the back-off, at most SQS's 900 s) and the number
 *     of attempts made so far as the message attribute {@value #ATTEMPTS}, then the delivery is deleted. Once the
 *     attempts reach the redrive policy's maxReceiveCount, the message goes to the dead-letter queue with the last
 *     failure's reason instead. An order another processor holds is retried without counting an attempt.</li>
 * </ul>
 * Sent before it is deleted: a crash in between leaves a second copy, never none, and the order's claim and the
 * provider's idempotency key make a second copy harmless. Only when the copy cannot be sent is the delivery kept, made
 * visible again after the back-off, until its session closes.
 */
final class OrderMessages {

    private static final Logger LOG = Logger.getLogger(OrderMessages.class.getName());
    /** The attempts made on an order's message before this copy of it. */
    static final String ATTEMPTS = "attempts";
    /** SQS's longest DelaySeconds. */
    static final Duration MAX_DELAY = Duration.ofSeconds(900);

    private final SqsClient sqs;
    private final Supplier<String> queueUrl;
    private final ScheduledExecutorService scheduler;
    private final MessageHandler handler;
    private final RetryBackoff backoff;
    private final Duration leaseMaxAge;
    private final Duration callTimeout;
    private final Consumer<String> deadLettered;
    private volatile Prepared prepared;

    /**
     * @param leaseMaxAge  the longest a message is worked on; then its worker is interrupted
     * @param deadLettered told the reason of each message moved to the dead-letter queue (a metric)
     */
    OrderMessages(SqsClient sqs, Supplier<String> queueUrl, ScheduledExecutorService scheduler, MessageHandler handler,
                  RetryBackoff backoff, Duration leaseMaxAge, Duration callTimeout, Consumer<String> deadLettered) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.scheduler = scheduler;
        this.handler = handler;
        this.backoff = backoff;
        this.leaseMaxAge = leaseMaxAge;
        this.callTimeout = callTimeout;
        this.deadLettered = deadLettered;
    }

    /** Reads the queue's policy, once. @throws SdkException while the queue cannot be reached */
    synchronized void prepare() {
        if (prepared == null) {
            String url = queueUrl.get();
            QueuePolicy policy = QueuePolicy.read(sqs, url, callTimeout);
            prepared = new Prepared(url, new VisibilityLeases(sqs, url, policy.visibilityTimeout(), leaseMaxAge, scheduler, callTimeout),
                    policy.deadLetterQueueUrl().map(dlq -> new DeadLetterQueue(sqs, dlq, callTimeout)), policy.maxReceiveCount());
            LOG.info(() -> "order queue: visibility timeout " + policy.visibilityTimeout().toSeconds() + " s, extended every "
                    + policy.visibilityTimeout().toSeconds() / 2.0 + " s while paying, for at most " + leaseMaxAge.toSeconds()
                    + " s; dead-letter queue after " + policy.maxReceiveCount() + " attempts: " + policy.deadLetterQueueUrl().orElse("none"));
        }
    }

    /** A message just received, on its session's thread: its lease starts now, as its visibility timeout did. */
    Delivery received(Message message) {
        return new Delivery(message, prepared.leases().hold(((SQSMessage) message).getReceiptHandle()));
    }

    /**
     * Runs on a worker. The lease ends here, however the work ends.
     *
     * @return true when the delivery is done with and is to be deleted
     */
    boolean process(Delivery delivery) {
        Prepared ready = prepared;
        VisibilityLeases.Lease lease = delivery.lease();
        lease.workedOnBy(Thread.currentThread());
        try {
            String body;
            try {
                body = delivery.message() instanceof TextMessage text && text.getText() != null ? text.getText() : "";
            } catch (JMSException e) {
                return false;
            }
            DeliveryClaim claim = new DeliveryClaim();
            lease.onExtended(claim::renew);
            ProcessingOutcome outcome = handle(body, claim);
            lease.end();
            return Uninterrupted.call(() -> settle(ready, delivery, body, outcome));
        } finally {
            lease.end();
            if (lease.expired()) {
                // The interrupt was the lease's, for this work only: the worker's next message starts afresh.
                Thread.interrupted();
            }
        }
    }

    private ProcessingOutcome handle(String body, DeliveryClaim claim) {
        try {
            return handler.handle(body, claim);
        } catch (RuntimeException e) {
            return new RetryLater(null, Reason.UNEXPECTED, e.toString(), Optional.empty());
        }
    }

    /**
     * Paid, finished or declined: deleted; not paid yet: retried through a delayed copy; poison, or paid with its
     * completion refused: dead-lettered (retried when it cannot be).
     */
    private boolean settle(Prepared ready, Delivery delivery, String body, ProcessingOutcome outcome) {
        Message message = delivery.message();
        if (outcome instanceof DeadLetter dead) {
            return deadLetter(ready, body, dead.code(), dead.detail(), message)
                    || requeue(ready, delivery, body, attempts(message), dead.code(), dead.detail(), Optional.empty());
        }
        if (!(outcome instanceof RetryLater retry)) {
            return true;
        }
        // An order another processor holds costs no attempt: its message comes back once that claim has run out.
        boolean spent = retry.after().isEmpty();
        int attempts = attempts(message) - (spent ? 0 : 1);
        if (spent && attempts >= ready.maxAttempts() && ready.deadLetters().isPresent()
                && deadLetter(ready, body, retry.reason().code(), "after " + attempts + " attempts: " + retry.detail(), message)) {
            return true;
        }
        return requeue(ready, delivery, body, attempts, retry.reason().code(), retry.detail(), retry.after());
    }

    /** Sends the copy that retries the order later, or, failing that, keeps this delivery and backs it off. */
    private boolean requeue(Prepared ready, Delivery delivery, String body, int attempts, String reason, String detail,
                            Optional<Duration> after) {
        Message message = delivery.message();
        Duration delay = after.orElseGet(() -> backoff.after(attempts));
        Duration capped = delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
        try {
            sqs.sendMessage(r -> r.queueUrl(ready.queueUrl()).messageBody(body.isEmpty() ? "(empty)" : body)
                    .delaySeconds((int) capped.toSeconds())
                    .messageAttributes(Map.of(ATTEMPTS, MessageAttributeValue.builder().dataType("Number.int")
                            .stringValue(Integer.toString(attempts)).build()))
                    .overrideConfiguration(c -> c.apiCallTimeout(callTimeout)));
        } catch (SdkException e) {
            delivery.lease().visibleIn(capped);
            LOG.warning(() -> "order message " + messageId(message) + " not paid (" + reason + ") and no copy could be sent ("
                    + e.getMessage() + "); the delivery is kept, back in " + capped.toSeconds() + " s");
            return false;
        }
        LOG.warning(() -> "order message " + messageId(message) + " not paid (" + reason + ": " + detail
                + "); attempt " + attempts + ", back in " + capped.toSeconds() + " s");
        return true;
    }

    /**
     * A message received but never handed to a worker (the server is stopping) is made visible again at once. Its
     * session keeps it until it closes, which makes it visible again too: nothing is undone.
     */
    void giveBack(Delivery delivery) {
        delivery.lease().visibleIn(Duration.ZERO);
    }

    private boolean deadLetter(Prepared ready, String body, String reason, String detail, Message message) {
        if (ready.deadLetters().isEmpty()) {
            LOG.warning(() -> "unprocessable order message " + messageId(message) + " (" + detail + ") and no dead-letter queue: retried");
            return false;
        }
        try {
            ready.deadLetters().get().send(body, reason, detail, messageId(message));
        } catch (SdkException e) {
            LOG.warning(() -> "cannot dead-letter message " + messageId(message) + ", it is retried: " + e.getMessage());
            return false;
        }
        deadLettered.accept(reason);
        LOG.warning(() -> "dead-lettered order message " + messageId(message) + ": " + reason + ": " + detail);
        return true;
    }

    /**
     * The attempts made on the order's message so far, this one included: those the copy carries, plus this copy's
     * receives (more than one when a processor died holding it).
     */
    static int attempts(Message message) {
        try {
            int before = message.propertyExists(ATTEMPTS) ? message.getIntProperty(ATTEMPTS) : 0;
            int receives = message.propertyExists("JMSXDeliveryCount") ? message.getIntProperty("JMSXDeliveryCount") : 1;
            return before + Math.max(1, receives);
        } catch (JMSException | NumberFormatException e) {
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

    /** A received message and its lease. */
    record Delivery(Message message, VisibilityLeases.Lease lease) {
    }

    private record Prepared(String queueUrl, VisibilityLeases leases, Optional<DeadLetterQueue> deadLetters, int maxAttempts) {
    }
}
