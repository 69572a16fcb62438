package io.flashorders.processor.consume;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * One receiving thread on the order queue: claims the free workers (up to 10, SQS's batch limit), then receives at
 * most that many messages in one call, so messages leave the queue only as fast as workers free up and none waits in
 * the process for a worker. A message is deleted only once {@link OrderMessages} is done with it (paid, or
 * dead-lettered), in batches, from this thread; anything else stays on the queue to be received again. Reconnects,
 * with backoff, for as long as it runs.
 *
 * <p>It calls SQS through the SDK rather than the SQS JMS client: the JMS client asks SQS for one message per
 * {@code receive()} when prefetch is off, and for a fixed prefetch count otherwise, refilled whether or not a worker
 * is free; neither is a batch the size of the free workers (docs/processor.md).
 */
final class QueueReceiver implements Runnable {

    /** SQS's limit for ReceiveMessage and DeleteMessageBatch. */
    static final int MAX_BATCH = 10;
    private static final Logger LOG = Logger.getLogger(QueueReceiver.class.getName());
    private static final long CLAIM_WAIT_MILLIS = 200;
    /** Long poll: an empty queue costs one call a second per receiver, and a stop waits at most this long. */
    private static final int WAIT_SECONDS = 1;
    private static final long FIRST_RECONNECT_MILLIS = 500;
    private static final long MAX_RECONNECT_MILLIS = 5000;

    private final SqsClient sqs;
    private final Supplier<String> queueUrl;
    private final WorkerPool pool;
    private final OrderMessages messages;
    private final Deletions deletions;
    private final Duration callTimeout;
    private final long shutdownGraceMillis;
    private volatile boolean running = true;
    private volatile boolean connected;

    QueueReceiver(SqsClient sqs, Supplier<String> queueUrl, WorkerPool pool, OrderMessages messages, Duration callTimeout,
                  long shutdownGraceMillis) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.pool = pool;
        this.messages = messages;
        this.deletions = new Deletions(sqs, queueUrl, callTimeout);
        this.callTimeout = callTimeout;
        this.shutdownGraceMillis = shutdownGraceMillis;
    }

    void stop() {
        running = false;
    }

    boolean isConnected() {
        return connected;
    }

    /**
     * Receives until stopped, then lets the payments in flight finish and deletes what they finished, however the
     * stop came: {@link #stop()}, or an interrupt (Liberty interrupts the threads of a stopping application, possibly
     * before {@code stop()} is called).
     */
    @Override
    public void run() {
        try {
            receiveUntilStopped();
        } finally {
            finishInFlight();
        }
    }

    private void receiveUntilStopped() {
        long reconnectMillis = FIRST_RECONNECT_MILLIS;
        while (running) {
            try {
                messages.prepare();
                connected = true;
                reconnectMillis = FIRST_RECONNECT_MILLIS;
                receive();
            } catch (InterruptedException | AbortedException e) {
                // AbortedException: the SDK saw the interrupt during a call, and cleared it.
                running = false;
            } catch (RuntimeException e) {
                connected = false;
                if (!running) {
                    return;
                }
                LOG.log(reconnectMillis == FIRST_RECONNECT_MILLIS ? Level.WARNING : Level.FINE,
                        "Cannot receive from the order queue, retrying: " + e);
                if (!pause(reconnectMillis)) {
                    running = false;
                }
                reconnectMillis = Math.min(reconnectMillis * 2, MAX_RECONNECT_MILLIS);
            } finally {
                connected = false;
            }
        }
    }

    private void receive() throws InterruptedException {
        while (running) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("stopping");
            }
            deletions.deleteDone();
            int claimed = pool.claimUpTo(MAX_BATCH, CLAIM_WAIT_MILLIS);
            if (claimed == 0) {
                continue;
            }
            List<Message> received;
            try {
                received = receive(claimed);
            } catch (RuntimeException e) {
                pool.unclaim(claimed);
                if (Thread.interrupted()) {
                    throw new InterruptedException("stopping");
                }
                throw e;
            }
            pool.unclaim(claimed - received.size());
            hand(received);
        }
    }

    private List<Message> receive(int most) {
        return sqs.receiveMessage(r -> r.queueUrl(queueUrl.get()).maxNumberOfMessages(most).waitTimeSeconds(WAIT_SECONDS)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)
                .overrideConfiguration(c -> c.apiCallTimeout(callTimeout.plusSeconds(WAIT_SECONDS)))).messages();
    }

    /** Each message to one of the workers claimed for it. */
    private void hand(List<Message> received) {
        for (int i = 0; i < received.size(); i++) {
            Message message = received.get(i);
            try {
                pool.run(() -> {
                    if (messages.process(message)) {
                        deletions.add(message.receiptHandle());
                    }
                });
            } catch (RuntimeException e) {
                // The executor is shutting down: the messages not handed over come back after their visibility timeout.
                pool.unclaim(received.size() - i - 1);
                throw e;
            }
        }
    }

    /**
     * On stop: lets running payments finish within the grace period, even when this thread is interrupted, and
     * deletes the messages of the ones that did, so that nothing finished is left on the queue. The interrupt is kept
     * for later: the SDK refuses calls on an interrupted thread. The payments are on the whole pool, which the
     * receivers share; each receiver deletes the messages it received.
     */
    private void finishInFlight() {
        boolean interrupted = Thread.interrupted();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(shutdownGraceMillis);
        boolean idle = false;
        while (!idle && System.nanoTime() < deadline) {
            try {
                idle = pool.awaitIdle(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        try {
            if (!idle) {
                int returned = messages.returnUnfinished();
                LOG.warning(() -> pool.busy() + " payments still running after the shutdown grace period; "
                        + returned + " of their messages made visible again for another processor");
            }
            deletions.deleteAllDone();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** @return false when interrupted: the application is stopping */
    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
