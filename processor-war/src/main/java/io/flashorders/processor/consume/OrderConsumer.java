package io.flashorders.processor.consume;

import com.amazon.sqs.javamessaging.ProviderConfiguration;
import com.amazon.sqs.javamessaging.SQSConnection;
import com.amazon.sqs.javamessaging.SQSConnectionFactory;
import com.amazon.sqs.javamessaging.SQSSession;
import io.flashorders.aws.QueueUrl;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Takes orders off the queue through the SQS JMS client and pays each one on the worker pool.
 *
 * <p>One receiver thread claims a free worker, then receives one message (no prefetch), so messages
 * leave the queue only as fast as workers free up. A message is acknowledged (deleted) only after its
 * payment went through; anything else leaves it on the queue to be redelivered after the visibility timeout.
 * Acknowledgements happen on the receiver thread because the JMS session is not safe for concurrent use.
 */
@ApplicationScoped
public class OrderConsumer {

    private static final Logger LOG = Logger.getLogger(OrderConsumer.class.getName());
    private static final long POLL_MILLIS = 200;
    private static final long FIRST_RECONNECT_MILLIS = 500;
    private static final long MAX_RECONNECT_MILLIS = 5000;

    @Inject
    SqsClient sqs;

    @Inject
    QueueUrl queue;

    @Inject
    OrderHandler handler;

    @Inject
    MetricRegistry metrics;

    @Inject
    @ConfigProperty(name = "processor.workers")
    int workers;

    @Inject
    @ConfigProperty(name = "processor.shutdown-grace.ms", defaultValue = "10000")
    long shutdownGraceMillis;

    @Resource(lookup = "concurrent/paymentWorkers")
    ManagedExecutorService executor;

    @Resource
    ManagedThreadFactory threads;

    private final Queue<Message> paid = new ConcurrentLinkedQueue<>();
    private WorkerPool pool;
    private Thread receiver;
    private volatile boolean running;
    private volatile boolean connected;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        pool = new WorkerPool(workers, executor);
        metrics.gauge(Metadata.builder().withName("processor.workers").withDescription("Size of the worker pool").build(),
                pool, WorkerPool::size);
        metrics.gauge(Metadata.builder().withName("processor.workers.busy").withDescription("Workers paying right now").build(),
                pool, WorkerPool::busy);
        running = true;
        receiver = threads.newThread(this::receiveUntilStopped);
        receiver.setName("order-receiver");
        receiver.start();
        LOG.info(() -> "Order processor started with " + workers + " workers on queue " + queue.queueName());
    }

    @PreDestroy
    void stop() {
        running = false;
        if (receiver != null) {
            try {
                receiver.join(shutdownGraceMillis + POLL_MILLIS * 5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The receiver thread is up (it may be waiting for the queue to come back). */
    public boolean isRunning() {
        return running && receiver != null && receiver.isAlive();
    }

    /** Connected to the queue and taking messages. */
    public boolean isConnected() {
        return connected;
    }

    public int workers() {
        return pool.size();
    }

    private void receiveUntilStopped() {
        long reconnectMillis = FIRST_RECONNECT_MILLIS;
        while (running) {
            try (SQSConnection connection = connect()) {
                Session session = connection.createSession(false, SQSSession.UNORDERED_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue(queue.queueName()));
                connection.start();
                connected = true;
                reconnectMillis = FIRST_RECONNECT_MILLIS;
                LOG.info(() -> "Receiving from " + queue.queueName());
                receive(consumer);
                finishInFlight();
            } catch (JMSException | SdkException e) {
                connected = false;
                LOG.log(reconnectMillis == FIRST_RECONNECT_MILLIS ? Level.WARNING : Level.FINE,
                        "Cannot receive from " + queue.queueName() + ", retrying: " + e.getMessage());
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
                if (handler.handle(message)) {
                    paid.add(message);
                }
            });
        }
    }

    /** On stop: let running payments finish within the grace period, and acknowledge the ones that did. */
    private void finishInFlight() throws JMSException, InterruptedException {
        if (!pool.awaitIdle(shutdownGraceMillis)) {
            LOG.warning(() -> pool.busy() + " payments still running after the shutdown grace period; their messages stay on the queue");
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
