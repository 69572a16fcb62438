package io.flashorders.processor.consume;

import com.amazon.sqs.javamessaging.ProviderConfiguration;
import com.amazon.sqs.javamessaging.SQSConnection;
import com.amazon.sqs.javamessaging.SQSConnectionFactory;
import com.amazon.sqs.javamessaging.SQSSession;
import com.amazon.sqs.javamessaging.message.SQSMessage;
import io.flashorders.core.concurrent.Uninterrupted;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One JMS session on the order queue at a time, run by one thread: claims a free worker, then receives one message, so
 * messages leave the queue only as fast as workers free up. With a prefetch count above 0 (large pools only, see
 * {@link #prefetchFor}) the SQS JMS client fetches up to that many messages in one ReceiveMessage call, and a fetched
 * message waits in the client for a worker, a short wait in a pool that large.
 *
 * <p>Every delivery a worker is done with is acknowledged (deleted) on this thread, because a JMS session is not safe
 * for concurrent use, and {@link OrderMessages} makes every outcome one to delete (a retry is a delayed copy): the
 * session holds only the deliveries being worked on. A session ends on a stop, or when a receive or a delete fails;
 * then it takes no more messages, its own deliveries in flight finish and are acknowledged through it, and only then
 * is it closed, so that its close makes nothing visible. Then a new session is opened, with backoff, for as long as
 * the receiver runs. A worker that finishes after its session closed (a stop that could not wait) deletes its message
 * with the SQS client instead.
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
    private final Duration leaseMaxAge;
    private final Duration callTimeout;
    private final int prefetch;
    private volatile boolean running = true;
    private volatile Run current;

    SessionReceiver(SqsClient sqs, String queueName, WorkerPool pool, OrderMessages messages, long shutdownGraceMillis,
                    Duration leaseMaxAge, Duration callTimeout, int prefetch) {
        this.sqs = sqs;
        this.prefetch = prefetch;
        this.queueName = queueName;
        this.pool = pool;
        this.messages = messages;
        this.shutdownGraceMillis = shutdownGraceMillis;
        this.leaseMaxAge = leaseMaxAge;
        this.callTimeout = callTimeout;
    }

    void stop() {
        running = false;
    }

    boolean isConnected() {
        return current != null;
    }

    /** Deliveries the current session holds unacknowledged: those being worked on, and those waiting for their delete. */
    int held() {
        Run run = current;
        return run == null ? 0 : run.held.get();
    }

    /** The current session, if connected: for a test to look into the client's own count of what it holds. */
    Optional<Session> session() {
        Run run = current;
        return run == null ? Optional.empty() : Optional.of(run.session);
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
                Run run = new Run(session);
                current = run;
                reconnectMillis = FIRST_RECONNECT_MILLIS;
                JMSException failure = null;
                try {
                    run.receive(consumer);
                } catch (InterruptedException e) {
                    // Liberty interrupts the threads of a stopping application, possibly before stop() is called:
                    // that is a stop too, and the payments in flight still get their grace period.
                    running = false;
                } catch (JMSException | SdkException e) {
                    failure = e instanceof JMSException jms ? jms : new JMSException(e.toString());
                    LOG.warning(() -> "receiving from " + queueName + " failed (" + e.getMessage()
                            + "): this session takes no more messages, finishes its " + run.inFlight.size() + " in flight and closes");
                }
                run.finish();
                if (failure != null) {
                    throw failure;
                }
            } catch (JMSException | SdkException e) {
                if (!running) {
                    return;
                }
                LOG.log(reconnectMillis == FIRST_RECONNECT_MILLIS ? Level.WARNING : Level.FINE,
                        "Cannot receive from " + queueName + ", retrying: " + e.getMessage());
                pause(reconnectMillis);
                reconnectMillis = Math.min(reconnectMillis * 2, MAX_RECONNECT_MILLIS);
            } finally {
                current = null;
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

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One session's life: what it received, what is in flight, what waits for its delete. */
    private final class Run {

        private final Session session;
        private final Set<OrderMessages.Delivery> inFlight = ConcurrentHashMap.newKeySet();
        private final Queue<Message> done = new ConcurrentLinkedQueue<>();
        /** Received and not yet acknowledged: what the client keeps in its session. */
        private final AtomicInteger held = new AtomicInteger();
        /** Guarded by this run. */
        private boolean closed;

        Run(Session session) {
            this.session = session;
        }

        void receive(MessageConsumer consumer) throws JMSException, InterruptedException {
            while (running) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("stopping");
                }
                acknowledgeDone();
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
                held.incrementAndGet();
                OrderMessages.Delivery delivery = messages.received(message);
                inFlight.add(delivery);
                try {
                    pool.run(() -> work(delivery));
                } catch (RejectedExecutionException e) {
                    // The server is stopping and its executor takes no more work (possibly before this thread is
                    // interrupted): a stop like any other, so the payments in flight still get their grace period.
                    inFlight.remove(delivery);
                    messages.giveBack(delivery);
                    throw new InterruptedException("the worker executor is shut down: " + e.getMessage());
                }
            }
        }

        private void work(OrderMessages.Delivery delivery) {
            boolean delete = false;
            try {
                delete = messages.process(delivery);
            } finally {
                boolean sessionGone = false;
                synchronized (this) {
                    if (delete && closed) {
                        sessionGone = true;
                    } else if (delete) {
                        done.add(delivery.message());
                    }
                    inFlight.remove(delivery);
                    notifyAll();
                }
                if (sessionGone) {
                    Uninterrupted.run(() -> deleteOutsideTheSession(delivery.message()));
                }
            }
        }

        /**
         * Lets this session's deliveries in flight finish, even when this thread is interrupted, and acknowledges the
         * ones that did, so that nothing finished is left on the queue and the close has nothing to make visible. On a
         * stop the wait is the grace period; after a failed receive or delete, the lease's maximum age, which ends any
         * worker. What is still running after it is made visible again for another processor. The interrupt is kept
         * for later: the SDK refuses calls on an interrupted thread.
         */
        void finish() throws JMSException {
            boolean interrupted = Thread.interrupted();
            long waitMillis = running ? leaseMaxAge.plus(callTimeout).toMillis() : shutdownGraceMillis;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
            try {
                synchronized (this) {
                    while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
                        try {
                            wait(Math.max(1, Math.min(POLL_MILLIS, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
                        } catch (InterruptedException e) {
                            interrupted = true;
                        }
                    }
                }
                acknowledgeDone();
            } finally {
                synchronized (this) {
                    closed = true;
                }
                int unfinished = 0;
                for (OrderMessages.Delivery delivery : inFlight) {
                    delivery.lease().visibleIn(Duration.ZERO);
                    unfinished++;
                }
                if (unfinished > 0) {
                    int returned = unfinished;
                    LOG.warning(() -> returned + " payments still running when their session closed; their messages were made visible"
                            + " again for another processor");
                }
                // Left by a failed delete, or finished while the acknowledgements above ran: the other way.
                Message message;
                while ((message = done.poll()) != null) {
                    deleteOutsideTheSession(message);
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private void acknowledgeDone() throws JMSException {
            Message message;
            while ((message = done.peek()) != null) {
                message.acknowledge();
                done.remove();
                held.decrementAndGet();
            }
        }

        /** For a delivery whose session is gone: the SQS client deletes it with its receipt handle. */
        private void deleteOutsideTheSession(Message message) {
            String receiptHandle = ((SQSMessage) message).getReceiptHandle();
            try {
                sqs.deleteMessage(r -> r.queueUrl(((SQSMessage) message).getQueueUrl()).receiptHandle(receiptHandle)
                        .overrideConfiguration(c -> c.apiCallTimeout(callTimeout)));
            } catch (SdkException e) {
                LOG.warning(() -> "cannot delete a finished message, it will be received again and acknowledged without paying: "
                        + e.getMessage());
            }
        }
    }
}
