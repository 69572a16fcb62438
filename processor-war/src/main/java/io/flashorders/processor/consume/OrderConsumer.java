package io.flashorders.processor.consume;

import io.flashorders.aws.AwsSettings;
import io.flashorders.aws.QueueUrl;
import io.flashorders.cdi.PaymentProducer;
import io.flashorders.core.payment.PaymentGate;
import io.flashorders.aws.CachedQueueDepth;
import io.flashorders.processor.ProcessorSettings;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Takes orders off the queue through the SQS JMS client and pays each one on the worker pool, whose workers run on
 * the managed executor {@code concurrent/paymentWorkers} (processor.xml sizes it with processor.workers). A few JMS
 * sessions, each on its own thread, share the pool: one session's receive-then-delete round trips would cap the rate
 * below what a large pool can pay. {@link PoolSizer} sets how many workers may be claimed, and changes it while the
 * processor runs; the executor, sized by processor.workers too, is the ceiling.
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
    ProcessorSettings config;

    @Inject
    PaymentGate gate;

    @Inject
    PaymentProducer payments;

    @Inject
    CachedQueueDepth depth;

    /** Extends the visibility of messages being paid, and sizes the pool; the server's default scheduler is enough. */
    @Resource
    ManagedScheduledExecutorService scheduler;

    @Resource(lookup = "concurrent/paymentWorkers")
    ManagedExecutorService executor;

    @Resource
    ManagedThreadFactory threads;

    private WorkerPool pool;
    private PoolSizer sizer;
    private ScheduledFuture<?> sizing;
    private final List<SessionReceiver> receivers = new ArrayList<>();
    private final List<Thread> receiverThreads = new ArrayList<>();

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        ProcessorSettings.WorkerSettings workers = config.workers();
        Duration leaseMaxAge = config.leaseMaxAge();
        new LeaseBudget(payments.providerTimeout(), gate.maxWait(), aws.callTimeout()).require(config.claimLease(), leaseMaxAge);
        pool = new WorkerPool(workers.initialSize(), executor);
        gate.resize(pool.size());
        sizer = new PoolSizer(config::workers, pool, gate, depth::fresh, gate.latency());
        long sizingIntervalMillis = config.sizingInterval().toMillis();
        // The sizer reads only the time between evaluations: the monotonic clock, which a clock step cannot upset.
        sizing = scheduler.scheduleWithFixedDelay(() -> sizer.adjust(Instant.EPOCH.plusNanos(System.nanoTime())), sizingIntervalMillis, sizingIntervalMillis,
                TimeUnit.MILLISECONDS);
        OrderMessages messages = new OrderMessages(sqs, queue::get, scheduler, handler,
                new RetryBackoff(config.retryBackoff(), config.retryBackoffMax()), leaseMaxAge, aws.callTimeout(),
                reason -> metrics.counter(Metadata.builder().withName("orders.dead-lettered")
                        .withDescription("Order messages moved to the dead-letter queue at once because they can never be processed")
                        .build(), new Tag("reason", reason)).inc());
        // More sessions than workers would only hold messages that no worker can take. The prefetch is fixed per
        // connection, so it is chosen once, for the starting size; auto mode, which changes the size all the time,
        // never prefetches.
        int sessions = Math.max(1, Math.min(config.receivers(), workers.workers()));
        int prefetch = sizer.auto() ? 0 : SessionReceiver.prefetchFor(pool.size(), sessions);
        for (int i = 0; i < sessions; i++) {
            SessionReceiver receiver = new SessionReceiver(sqs, queue.queueName(), pool, messages, config.shutdownGrace().toMillis(), leaseMaxAge,
                    aws.callTimeout(), prefetch);
            Thread thread = threads.newThread(receiver);
            thread.setName("order-receiver-" + i);
            receivers.add(receiver);
            receiverThreads.add(thread);
            thread.start();
        }
        registerGauges();
        LOG.info(() -> "Order processor started: " + pool.size() + " workers (" + (sizer.auto() ? "auto" : "fixed") + "), "
                + sessions + " receiving sessions on " + queue.queueName() + ", prefetch " + prefetch);
    }

    private void registerGauges() {
        metrics.gauge(Metadata.builder().withName("processor.workers").withDescription("Size of the worker pool").build(),
                pool, WorkerPool::size);
        metrics.gauge(Metadata.builder().withName("processor.workers.busy").withDescription("Workers paying right now").build(),
                pool, WorkerPool::busy);
        metrics.gauge(Metadata.builder().withName("processor.workers.target")
                .withDescription("Worker count asked for at the last evaluation: processor.workers, or auto mode's estimate").build(),
                sizer, PoolSizer::target);
        metrics.gauge(Metadata.builder().withName("processor.workers.auto")
                .withDescription("1 while processor.workers.mode is auto, 0 while fixed").build(), sizer, s -> s.auto() ? 1 : 0);
        metrics.gauge(Metadata.builder().withName("processor.arrivals.rate")
                .withDescription("Messages arriving per second, as auto mode estimates them (0 in fixed mode)").build(),
                sizer, PoolSizer::arrivalsPerSecond);
        metrics.gauge(Metadata.builder().withName("processor.deliveries.held")
                .withDescription("Deliveries the JMS sessions hold unacknowledged: being worked on, or waiting for their delete")
                .build(), this, consumer -> consumer.receivers.stream().mapToInt(SessionReceiver::held).sum());
    }

    @PreDestroy
    void stop() {
        if (sizing != null) {
            sizing.cancel(false);
        }
        receivers.forEach(SessionReceiver::stop);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.shutdownGrace().toMillis() + 1000);
        for (Thread thread : receiverThreads) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
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
