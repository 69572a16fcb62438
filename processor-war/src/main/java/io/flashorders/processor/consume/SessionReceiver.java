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
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One JMS session on the order queue, run by one thread: claims a free worker, then receives one message
 * (no prefetch), so messages leave the queue only as fast as workers free up. A message is acknowledged
 * (deleted) only once {@link OrderMessages} is done with it (paid, or dead-lettered); anything else stays on the
 * queue to be received again. Acknowledgements are made on this thread, because a JMS session is not
 * safe for concurrent use. Reconnects, with backoff, for as long as it runs.
 */
final class SessionReceiver implements Runnable {

    private static final Logger LOG = Logger.getLogger(SessionReceiver.class.getName());
    private static final long POLL_MILLIS = 200;
    private static final long FIRST_RECONNECT_MILLIS = 500;
    private static final long MAX_RECONNECT_MILLIS = 5000;

    private final SqsClient sqs;
    private final String queueName;
    private final WorkerPool pool;
    private final OrderMessages messages;
    private final long shutdownGraceMillis;
    private final Queue<Message> paid = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;
    private volatile boolean connected;

    SessionReceiver(SqsClient sqs, String queueName, WorkerPool pool, OrderMessages messages, long shutdownGraceMillis) {
        this.sqs = sqs;
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
                receive(consumer);
                finishInFlight();
            } catch (JMSException | SdkException e) {
                LOG.log(reconnectMillis == FIRST_RECONNECT_MILLIS ? Level.WARNING : Level.FINE,
                        "Cannot receive from " + queueName + ", retrying: " + e.getMessage());
                pause(reconnectMillis);
                reconnectMillis = Math.min(reconnectMillis * 2, MAX_RECONNECT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                connected = false;
            }
        }
    }

    private SQSConnection connect() throws JMSException {
        // No prefetch: a message sitting in a client buffer is invisible in the queue's counts and
        // its visibility timeout runs out while no worker holds it.
        ProviderConfiguration noPrefetch = new ProviderConfiguration().withNumberOfMessagesToPrefetch(0);
        return new SQSConnectionFactory(noPrefetch, sqs).createConnection();
    }

    private void receive(MessageConsumer consumer) throws JMSException, InterruptedException {
        while (running) {
            acknowledgePaid();
            if (!pool.claim(POLL_MILLIS)) {
                continue;
            }
            Message message;
            try {
                message = consumer.receive(POLL_MILLIS);
            } catch (JMSException | RuntimeException e) {
                pool.unclaim();
                throw e;
            }
            if (message == null) {
                pool.unclaim();
                continue;
            }
            pool.run(() -> {
                if (messages.process(message)) {
                    paid.add(message);
                }
            });
        }
    }

    /** On stop: let running payments finish within the grace period, and acknowledge the ones that did. */
    private void finishInFlight() throws JMSException, InterruptedException {
        if (!pool.awaitIdle(shutdownGraceMillis)) {
            int returned = messages.returnUnfinished();
            LOG.warning(() -> pool.busy() + " payments still running after the shutdown grace period; "
                    + returned + " of their messages made visible again for another processor");
        }
        acknowledgePaid();
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
