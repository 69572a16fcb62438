package io.flashorders.processor.consume;

import io.flashorders.aws.QueueUrl;
import io.flashorders.core.payment.PaymentGate;
import io.flashorders.processor.metrics.QueueDepthMetrics;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import io.flashorders.aws.AwsSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Takes orders off the queue and pays each one on the worker pool. A few receiving threads share the pool: one
 * thread's receive-then-delete round trips would cap the rate below what a large pool can pay. The workers' threads
 * are started as workers are claimed and let go after a minute idle, so the pool's size is bounded by
 * {@link WorkerPool} alone and can change at run time ({@link PoolSizer}) with no executor setting to follow it.
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
    Config config;

    @Inject
    PaymentGate gate;

    @Inject
    QueueDepthMetrics depth;

    @Inject
    @ConfigProperty(name = "processor.workers.interval.ms")
    long sizingIntervalMillis;

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

    @Resource
    ManagedThreadFactory threads;

    @Resource
    ContextService context;

    private WorkerPool pool;
    private PoolSizer sizer;
    private ThreadPoolExecutor workerThreads;
    private ScheduledFuture<?> sizing;
    private final List<QueueReceiver> receivers = new ArrayList<>();
    private final List<Thread> receiverThreads = new ArrayList<>();

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        AtomicInteger workerNumber = new AtomicInteger();
        // Not the ManagedThreadFactory's threads, nor threads in their group (a thread joins its creator's group, and
        // the receivers are managed threads): Liberty interrupts that group when the application stops, which would
        // cut the payments in flight short, while a graceful stop lets them finish. So the workers get a group of
        // their own, beside the server thread that starts the application, and the application's context (class
        // loader, names) from the ContextService, captured from the receiver that starts each one.
        ThreadGroup workerGroup = new ThreadGroup(Thread.currentThread().getThreadGroup(), "payment-workers");
        // No queue: the pool hands the executor a task only for a claimed worker, and each runs at once on a thread.
        workerThreads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
            Thread thread = new Thread(workerGroup, context.contextualRunnable(task), "payment-worker-" + workerNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        pool = new WorkerPool(PoolSizer.initialSize(config), workerThreads);
        gate.resize(pool.size());
        sizer = new PoolSizer(config, pool, gate, depth::current, gate.latency());
        sizing = scheduler.scheduleWithFixedDelay(() -> sizer.adjust(Instant.now()), sizingIntervalMillis, sizingIntervalMillis,
                TimeUnit.MILLISECONDS);
        registerGauges();
        OrderMessages messages = new OrderMessages(sqs, queue::get, scheduler, handler,
                new RetryBackoff(Duration.ofMillis(firstBackoffMillis), Duration.ofMillis(maxBackoffMillis)), aws.callTimeout(),
                reason -> metrics.counter(Metadata.builder().withName("orders.dead-lettered")
                        .withDescription("Order messages moved to the dead-letter queue at once because they can never be processed")
                        .build(), new Tag("reason", reason)).inc());
        // A receiver holds no message without a worker for it, so more of them than workers only costs their threads.
        int receiving = Math.max(1, receiverCount);
        for (int i = 0; i < receiving; i++) {
            QueueReceiver receiver = new QueueReceiver(sqs, queue::get, pool, messages, aws.callTimeout(), shutdownGraceMillis);
            Thread thread = threads.newThread(receiver);
            thread.setName("order-receiver-" + i);
            receivers.add(receiver);
            receiverThreads.add(thread);
            thread.start();
        }
        LOG.info(() -> "Order processor started: " + pool.size() + " workers (" + (sizer.auto() ? "auto" : "fixed") + "), "
                + receiving + " receiving threads on " + queue.queueName());
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
    }

    @PreDestroy
    void stop() {
        if (sizing != null) {
            sizing.cancel(false);
        }
        receivers.forEach(QueueReceiver::stop);
        long deadline = System.currentTimeMillis() + shutdownGraceMillis + 1000;
        for (Thread thread : receiverThreads) {
            try {
                thread.join(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (workerThreads != null) {
            // The receivers waited out the grace period: what still runs has had its message made visible again.
            workerThreads.shutdownNow();
        }
    }

    /** Every receiving thread is up (each may be waiting for the queue to come back). */
    public boolean isRunning() {
        return !receiverThreads.isEmpty() && receiverThreads.stream().allMatch(Thread::isAlive);
    }

    /** Every session is connected to the queue and taking messages. */
    public boolean isConnected() {
        return !receivers.isEmpty() && receivers.stream().allMatch(QueueReceiver::isConnected);
    }

    public int workers() {
        return pool.size();
    }
}
