package io.flashorders.processor.consume;

import io.flashorders.aws.QueueUrl;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import io.flashorders.aws.AwsSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Takes orders off the queue through the SQS JMS client and pays each one on the worker pool
 * (processor.workers). A few JMS sessions, each on its own thread, share the pool: one session's
 * receive-then-delete round trips would cap the rate below what a large pool can pay.
 */
@ApplicationScoped
public class OrderConsumer {

    private static final Logger LOG = Logger.getLogger(OrderConsumer.class.getName());

    @Inject
    SqsClient sqs;

    @Inject
    QueueUrl queue;

    @Inject
    OrderHandler handler;

    @Inject
    MetricRegistry metrics;

    @Inject
    AwsSettings aws;

    @Inject
    @ConfigProperty(name = "processor.workers")
    int workers;

    @Inject
    @ConfigProperty(name = "processor.receivers", defaultValue = "4")
    int receiverCount;

    @Inject
    @ConfigProperty(name = "processor.shutdown-grace.ms", defaultValue = "10000")
    long shutdownGraceMillis;

    @Inject
    @ConfigProperty(name = "processor.retry.backoff.ms", defaultValue = "1000")
    long firstBackoffMillis;

    @Inject
    @ConfigProperty(name = "processor.retry.backoff.max.ms", defaultValue = "60000")
    long maxBackoffMillis;

    /** Extends the visibility of messages being paid; the server's default scheduler is enough for that. */
    @Resource
    ManagedScheduledExecutorService scheduler;

    @Resource(lookup = "concurrent/paymentWorkers")
    ManagedExecutorService executor;

    @Resource
    ManagedThreadFactory threads;

    private WorkerPool pool;
    private final List<SessionReceiver> receivers = new ArrayList<>();
    private final List<Thread> receiverThreads = new ArrayList<>();

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        pool = new WorkerPool(workers, executor);
        metrics.gauge(Metadata.builder().withName("processor.workers").withDescription("Size of the worker pool").build(),
                pool, WorkerPool::size);
        metrics.gauge(Metadata.builder().withName("processor.workers.busy").withDescription("Workers paying right now").build(),
                pool, WorkerPool::busy);
        OrderMessages messages = new OrderMessages(sqs, queue::get, scheduler, handler,
                new RetryBackoff(Duration.ofMillis(firstBackoffMillis), Duration.ofMillis(maxBackoffMillis)), aws.callTimeout(),
                reason -> metrics.counter(Metadata.builder().withName("orders.dead-lettered")
                        .withDescription("Order messages moved to the dead-letter queue at once because they can never be processed")
                        .build(), new Tag("reason", reason)).inc());
        // More sessions than workers would only hold messages that no worker can take.
        int sessions = Math.max(1, Math.min(receiverCount, workers));
        for (int i = 0; i < sessions; i++) {
            SessionReceiver receiver = new SessionReceiver(sqs, queue.queueName(), pool, messages, shutdownGraceMillis);
            Thread thread = threads.newThread(receiver);
            thread.setName("order-receiver-" + i);
            receivers.add(receiver);
            receiverThreads.add(thread);
            thread.start();
        }
        LOG.info(() -> "Order processor started: " + workers + " workers, " + sessions + " receiving sessions on " + queue.queueName());
    }

    @PreDestroy
    void stop() {
        receivers.forEach(SessionReceiver::stop);
        long deadline = System.currentTimeMillis() + shutdownGraceMillis + 1000;
        for (Thread thread : receiverThreads) {
            try {
                thread.join(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Every receiving thread is up (each may be waiting for the queue to come back). */
    public boolean isRunning() {
        return !receiverThreads.isEmpty() && receiverThreads.stream().allMatch(Thread::isAlive);
    }

    /** Every session is connected to the queue and taking messages. */
    public boolean isConnected() {
        return !receivers.isEmpty() && receivers.stream().allMatch(SessionReceiver::isConnected);
    }

    public int workers() {
        return pool.size();
    }
}
