package io.flashorders.processor.consume;

import com.amazon.sqs.javamessaging.ProviderConfiguration;
import com.amazon.sqs.javamessaging.SQSConnection;
import com.amazon.sqs.javamessaging.SQSConnectionFactory;
import com.amazon.sqs.javamessaging.SQSSession;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One JMS session on the order queue, run by one thread: claims a free worker, then receives one message, so
 * messages leave the queue only as fast as workers free up. With a prefetch count above 0 (large pools only, see
 * {@link #prefetchFor}) the SQS JMS client fetches up to that many messages in one ReceiveMessage call, and a fetched
 * message waits in the client for a worker, a short wait in a pool that large. A message is acknowledged
 * (deleted) only once {@link OrderMessages} is done with it (paid, or dead-lettered); anything else stays on the
 * queue to be received again. Acknowledgements are made on this thread, because a JMS session is not
 * safe for concurrent use. Reconnects, with backoff, for as long as it runs.
 */
final class SessionReceiver implements Runnable {

    private static final Logger LOG = Logger.getLogger(SessionReceiver.class.getName());
    /** SQS's most messages in one ReceiveMessage call. */
    static final int MAX_BATCH = 10;
    private static final long POLL_MILLIS = 200;
    private static final long FIRST_RECONNECT_MILLIS = 500;
    private static final long MAX_RECONNECT_MILLIS = 5000;

    private final SqsClient sqs;
    private final String queueName;
    private final WorkerPool pool;
    private final OrderMessages messages;
    private final long shutdownGraceMillis;
    private final int prefetch;
    private final Queue<Message> paid = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;
    private volatile boolean connected;

    SessionReceiver(SqsClient sqs, String queueName, WorkerPool pool, OrderMessages messages, long shutdownGraceMillis, int prefetch) {
        this.sqs = sqs;
        this.prefetch = prefetch;
        this.queueName = queueName;
        this.pool = pool;
        this.messages = messages;
        this.shutdownGraceMillis = shutdownGraceMillis;
    }

    void stop() {
        running = false;
    }

    boolean isConnected() {
        return connected;
    }

    @Override
    public void run() {
        long reconnectMillis = FIRST_RECONNECT_MILLIS;
        while (running) {
            try (SQSConnection connection = connect()) {
                Session session = connection.createSession(false, SQSSession.UNORDERED_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue(queueName));
                messages.prepare();
                connection.start();
                connected = true;
                reconnectMillis = FIRST_RECONNECT_MILLIS;
                try {
                    receive(consumer);
                } catch (InterruptedException e) {
                    // Liberty interrupts the threads of a stopping application, possibly before stop() is called:
                    // that is a stop too, and the payments in flight still get their grace period.
                    running = false;
                }
                finishInFlight();
            } catch (JMSException | SdkException e) {
                if (!running) {
                    return;
                }
                LOG.log(reconnectMillis == FIRST_RECONNECT_MILLIS ? Level.WARNING : Level.FINE,
                        "Cannot receive from " + queueName + ", retrying: " + e.getMessage());
                pause(reconnectMillis);
                reconnectMillis = Math.min(reconnectMillis * 2, MAX_RECONNECT_MILLIS);
            } finally {
                connected = false;
            }
        }
    }

    /**
     * The prefetch count that keeps a fetched message's wait for a worker under a tenth of a payment: the sessions
     * together hold at most a tenth of the workers, each up to SQS's batch of 10. Pools under 10 workers a session get
     * 0, no prefetch: there a message sitting in the client would be invisible in the queue's counts and its visibility
     * timeout could run out while no worker holds it.
     */
    static int prefetchFor(int workers, int sessions) {
        return Math.min(MAX_BATCH, workers / (10 * Math.max(1, sessions)));
    }

    private SQSConnection connect() throws JMSException {
        ProviderConfiguration configuration = new ProviderConfiguration().withNumberOfMessagesToPrefetch(prefetch);
        return new SQSConnectionFactory(configuration, sqs).createConnection();
    }

    private void receive(MessageConsumer consumer) throws JMSException, InterruptedException {
        while (running) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("stopping");
            }
            acknowledgePaid();
            if (!pool.claim(POLL_MILLIS)) {
                continue;
            }
            Message message;
            try {
                message = consumer.receive(POLL_MILLIS);
            } catch (JMSException | RuntimeException e) {
                pool.unclaim();
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("stopping");
                }
                throw e;
            }
            if (message == null) {
                pool.unclaim();
                continue;
            }
            try {
                pool.run(() -> {
                    if (messages.process(message)) {
                        paid.add(message);
                    }
                });
            } catch (RejectedExecutionException e) {
                // The server is stopping and its executor takes no more work (possibly before this thread is
                // interrupted): a stop like any other, so the payments in flight still get their grace period.
                messages.giveBack(message);
                throw new InterruptedException("the worker executor is shut down: " + e.getMessage());
            }
        }
    }

    /**
     * On stop: lets running payments finish within the grace period, even when this thread is interrupted, and
     * acknowledges the ones that did, so that nothing finished is left on the queue. The interrupt is kept for later:
     * the SDK refuses calls on an interrupted thread.
     */
    private void finishInFlight() throws JMSException {
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
            acknowledgePaid();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void acknowledgePaid() throws JMSException {
        Message message;
        while ((message = paid.poll()) != null) {
            message.acknowledge();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
