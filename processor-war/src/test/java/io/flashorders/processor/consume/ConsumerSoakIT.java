package io.flashorders.processor.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazon.sqs.javamessaging.SQSSession;
import com.amazon.sqs.javamessaging.acknowledge.Acknowledger;
import io.flashorders.aws.AwsClients;
import io.flashorders.aws.AwsSettings;
import io.flashorders.core.json.OrderJson;
import io.flashorders.core.money.OrderLimits;
import io.flashorders.core.order.Order;
import io.flashorders.core.order.OrderItem;
import io.flashorders.core.order.OrderStatus;
import io.flashorders.core.payment.Charge;
import io.flashorders.core.payment.PaymentGate;
import io.flashorders.core.payment.PaymentStep;
import io.flashorders.core.payment.ProviderSimulation;
import io.flashorders.core.payment.ProviderStats;
import io.flashorders.core.payment.SimulatedPaymentProvider;
import io.flashorders.core.processing.OrderProcessing;
import io.flashorders.core.progress.OrderProgress;
import io.flashorders.core.progress.StatusEvents;
import io.flashorders.core.progress.ThroughputRecorder;
import io.flashorders.core.store.InMemoryOrderStore;
import io.flashorders.core.store.OrderRecord;
import io.flashorders.local.LocalQueueServer;
import io.flashorders.local.QueueDefinitions;
import jakarta.jms.Session;
import com.sun.net.httpserver.HttpServer;
import io.flashorders.core.payment.HttpPaymentProvider;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.net.URI;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The consumer (sessions, workers, leases, claims, retries) against the real SQS JMS client and a real SQS-compatible
 * server (ElasticMQ), for long enough to see what short fault runs cannot: with 20 % payment failures and every tenth
 * order sent twice (claim conflicts), the deliveries the JMS sessions hold stay flat (read from the client's own
 * acknowledger), the heap stays flat, closing the sessions changes no visibility, and every order is paid once.
 * {@code -Dsoak.orders} sets the size: a few hundred in {@code mvn verify}, thousands from bench/consumer-soak.
 *
 * <p>The handler is the processor's use case, {@link OrderProcessing}, on the real order progress, in-memory store and
 * payment step; {@link OrderHandler} adds only metrics to it in the container.
 */
class ConsumerSoakIT {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final int VISIBILITY_SECONDS = 2;
    private static final int WORKERS = 8;
    private static final int SESSIONS = 2;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final AtomicLong visibilityBatchEntries = new AtomicLong();
    private final AtomicLong visibilityChanges = new AtomicLong();
    private final AtomicLong sessionsOpened = new AtomicLong();
    private final AtomicInteger deletesToFail = new AtomicInteger();
    private LocalQueueServer queues;
    private SqsClient sqs;
    private String url;

    @AfterEach
    void stopEverything() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    @Test
    void soak_failuresAndClaimConflicts_heldDeliveriesAndHeapFlatCloseChangesNothingEveryOrderPaidOnce() throws Exception {
        int orders = Integer.getInteger("soak.orders", 400);
        startQueues();
        InMemoryOrderStore store = new InMemoryOrderStore();
        OrderProgress progress = new OrderProgress(store, StatusEvents.NONE, new ThroughputRecorder(), Clock.systemUTC(), Duration.ofSeconds(10));
        SimulatedPaymentProvider provider = new SimulatedPaymentProvider(
                new ProviderSimulation(Duration.ofMillis(40), Duration.ofMillis(20), 0.2));
        PaymentStep step = new PaymentStep(new PaymentGate(WORKERS, Duration.ofMillis(40), Duration.ofSeconds(1)), provider);
        Consumer consumer = startConsumer(handler(progress, step), Duration.ofSeconds(30));

        List<Order> sent = new ArrayList<>();
        long heapBefore = usedHeapAfterGc();
        long start = System.nanoTime();
        int duplicates = 0;
        List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            Order order = order();
            sent.add(order);
            batch.add(entry(order));
            if (i % 10 == 0) {
                batch.add(entry(order));
                duplicates++;
            }
            if (batch.size() >= 9 || i == orders - 1) {
                List<SendMessageBatchRequestEntry> entries = List.copyOf(batch);
                sqs.sendMessageBatch(r -> r.queueUrl(url).entries(entries));
                batch.clear();
            }
        }

        List<Integer> heldSamples = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60 + orders / 10);
        while (!settled(store, sent) && System.nanoTime() < deadline) {
            heldSamples.add(consumer.heldByClient());
            TimeUnit.MILLISECONDS.sleep(250);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(settled(store, sent), "every order finished and the queue empty within the patience");
        int heldAtEnd = consumer.heldByClient();
        long heapAfter = usedHeapAfterGc();
        long visibilityChangesBeforeClose = visibilityChanges.get();
        long batchEntriesBeforeClose = visibilityBatchEntries.get();
        consumer.close();

        ProviderStats stats = provider.stats();
        Map<String, Integer> chargesPerOrder = new HashMap<>();
        for (Charge charge : provider.ledger().charges()) {
            chargesPerOrder.merge(charge.orderId(), 1, Integer::sum);
        }
        int maxHeld = heldSamples.stream().mapToInt(Integer::intValue).max().orElse(0);
        int deadLettered = queueDepth(QueueDefinitions.ORDER_PROCESSING_DLQ);
        System.out.printf(Locale.ROOT, "consumer soak: %d orders (+%d duplicates) in %.1f s; provider: %d requests, %d charges, %d failures,"
                        + " %d replays, %d conflicts; %d dead-lettered; held deliveries: max %d over %d samples, %d at the end;"
                        + " heap after GC %d KB before, %d KB after; visibility changes at close: %d%n",
                orders, duplicates, took.toMillis() / 1000.0, stats.requests(), stats.charged(), stats.failed(), stats.replayed(),
                stats.conflicts(), deadLettered, maxHeld, heldSamples.size(), heldAtEnd, heapBefore / 1024, heapAfter / 1024,
                visibilityChanges.get() - visibilityChangesBeforeClose + visibilityBatchEntries.get() - batchEntriesBeforeClose);

        // Each held delivery is being worked on, or finished and waiting for its session's thread to delete it.
        assertTrue(maxHeld <= 2 * WORKERS, "the sessions hold only the work of the moment: at most " + maxHeld);
        assertEquals(0, heldAtEnd, "nothing held once the work is done");
        assertEquals(0, visibilityBatchEntries.get() - batchEntriesBeforeClose, "closing the sessions made nothing visible");
        assertEquals(0, visibilityChanges.get() - visibilityChangesBeforeClose);
        assertTrue(stats.failed() > 0, "failures were injected");
        assertEquals(0, stats.conflicts(), "no order was ever paid by two workers at once");
        for (Order order : sent) {
            OrderRecord record = store.find(order.orderId()).orElseThrow();
            assertTrue(chargesPerOrder.getOrDefault(order.orderId(), 0) <= 1, "paid at most once: " + order.orderId());
            if (record.status() == OrderStatus.COMPLETED) {
                assertEquals(1, chargesPerOrder.get(order.orderId()), "completed and charged once: " + order.orderId());
            }
        }
        long completed = sent.stream().filter(o -> store.find(o.orderId()).orElseThrow().status() == OrderStatus.COMPLETED).count();
        assertEquals(orders, completed + deadLettered, "none lost: every order paid or dead-lettered after its attempts");
        assertTrue(heapAfter - heapBefore < 64L * 1024 * 1024, "heap flat: grew " + (heapAfter - heapBefore) / 1024 + " KB");
    }

    @Test
    void paymentSlowerThanTheClaimLease_isRenewedAndNeverPaidTwice() throws Exception {
        startQueues();
        Duration claimLease = Duration.ofSeconds(2);
        InMemoryOrderStore store = new InMemoryOrderStore();
        OrderProgress progress = new OrderProgress(store, StatusEvents.NONE, new ThroughputRecorder(), Clock.systemUTC(), claimLease);
        SimulatedPaymentProvider provider = new SimulatedPaymentProvider(ProviderSimulation.steady(Duration.ofSeconds(6)));
        PaymentStep step = new PaymentStep(new PaymentGate(WORKERS, Duration.ofSeconds(6), Duration.ofSeconds(1)), provider);
        Consumer consumer = startConsumer(handler(progress, step), Duration.ofSeconds(30));
        Order order = order();

        sqs.sendMessage(r -> r.queueUrl(url).messageBody(OrderJson.write(order)));
        waitFor("the first delivery claims the order", Duration.ofSeconds(10),
                () -> store.find(order.orderId()).flatMap(OrderRecord::claimedAt).isPresent());
        Instant claimed = store.find(order.orderId()).flatMap(OrderRecord::claimedAt).orElseThrow();
        // Sent once the first claim, unrenewed, would have run out: only the renewal keeps the second delivery away.
        waitFor("the claim renewed past its first lease", Duration.ofSeconds(10), () -> store.find(order.orderId())
                .flatMap(OrderRecord::claimedAt).filter(at -> !at.isBefore(claimed.plus(claimLease))).isPresent());
        sqs.sendMessage(r -> r.queueUrl(url).messageBody(OrderJson.write(order)));
        waitFor("the order paid and the queue empty", Duration.ofSeconds(30),
                () -> settled(store, List.of(order)));
        consumer.close();

        ProviderStats stats = provider.stats();
        assertEquals(1, stats.requests(), "the second delivery found the renewed claim and never reached the provider");
        assertEquals(1, stats.charged());
        assertEquals(0, stats.conflicts());
    }

    @Test
    void stalledProviderResponse_endsAtTheLeaseMaxAge() throws Exception {
        startQueues();
        CountDownLatch released = new CountDownLatch(1);
        AtomicInteger requests = new AtomicInteger();
        HttpServer stalling = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stalling.setExecutor(Executors.newCachedThreadPool());
        stalling.createContext(HttpPaymentProvider.CHARGES_PATH, exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(201, 1_000); // the headers at once, then a body that never comes
            exchange.getResponseBody().flush();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        stalling.start();
        resources.add(() -> stalling.stop(0));
        resources.add(released::countDown);
        Duration maxAge = Duration.ofSeconds(3);
        InMemoryOrderStore store = new InMemoryOrderStore();
        OrderProgress progress = new OrderProgress(store, StatusEvents.NONE, new ThroughputRecorder(), Clock.systemUTC(), Duration.ofSeconds(60));
        // A provider timeout far beyond the lease's maximum age: only the lease can end the call in time.
        HttpPaymentProvider provider = new HttpPaymentProvider(URI.create("http://127.0.0.1:" + stalling.getAddress().getPort()),
                Duration.ofSeconds(60));
        PaymentStep step = new PaymentStep(new PaymentGate(WORKERS, Duration.ofSeconds(1), Duration.ofSeconds(1)), provider);
        startConsumer(handler(progress, step), maxAge);
        Order order = order();

        sqs.sendMessage(r -> r.queueUrl(url).messageBody(OrderJson.write(order)));
        waitFor("the payment reaches the stalling provider", Duration.ofSeconds(10), () -> requests.get() == 1);
        long start = System.nanoTime();
        waitFor("the worker interrupted and the claim given up", Duration.ofSeconds(20),
                () -> store.find(order.orderId()).map(r -> r.claimedAt().isEmpty()).orElse(false));

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(maxAge.plusSeconds(VISIBILITY_SECONDS)) < 0, "ended within the lease's maximum age: " + took);
        waitFor("the order retried through a delayed copy", Duration.ofSeconds(10), () -> requests.get() == 2);
    }

    @Test
    void failedDelete_endsOnlyItsSessionWhoseWorkFinishesAndIsAcknowledgedThroughIt() throws Exception {
        startQueues();
        InMemoryOrderStore store = new InMemoryOrderStore();
        OrderProgress progress = new OrderProgress(store, StatusEvents.NONE, new ThroughputRecorder(), Clock.systemUTC(), Duration.ofSeconds(10));
        SimulatedPaymentProvider provider = new SimulatedPaymentProvider(ProviderSimulation.steady(Duration.ofMillis(300)));
        PaymentStep step = new PaymentStep(new PaymentGate(WORKERS, Duration.ofMillis(300), Duration.ofSeconds(1)), provider);
        MessageHandler handler = handler(progress, step);
        AtomicInteger deliveries = new AtomicInteger();
        Consumer consumer = startConsumer((body, claim) -> {
            deliveries.incrementAndGet();
            return handler.handle(body, claim);
        }, Duration.ofSeconds(30));
        waitFor("the sessions open", Duration.ofSeconds(10), () -> consumer.receivers.stream().allMatch(SessionReceiver::isConnected));
        long sessionsBefore = sessionsOpened.get();
        List<Order> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Order order = order();
            sent.add(order);
            sqs.sendMessage(r -> r.queueUrl(url).messageBody(OrderJson.write(order)));
        }

        waitFor("a few orders paid", Duration.ofSeconds(20), () -> provider.stats().charged() >= 8);
        deletesToFail.set(1);
        waitFor("every order paid and the queue empty", Duration.ofSeconds(60), () -> settled(store, sent));
        consumer.close();

        assertEquals(1, sessionsOpened.get() - sessionsBefore, "one session ended and was replaced; the other went on");
        assertEquals(40, deliveries.get(), "no message came back: the failed session's work was acknowledged through it");
        assertEquals(40, provider.stats().charged());
        assertEquals(0, visibilityBatchEntries.get(), "no session's close made anything visible");
    }

    /** What OrderHandler does in the container, without its metrics: the core use case on the real store and payment step. */
    private static MessageHandler handler(OrderProgress progress, PaymentStep step) {
        return new OrderProcessing(step, Optional.of(progress))::process;
    }

    private void startQueues() {
        queues = LocalQueueServer.start(Integer.getInteger("soak.queue.port", 0),
                QueueDefinitions.load().withVisibilityTimeout(QueueDefinitions.ORDER_PROCESSING_QUEUE, VISIBILITY_SECONDS));
        resources.add(queues::close);
        ExecutionInterceptor countVisibilityChanges = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof ChangeMessageVisibilityBatchRequest request) {
                    visibilityBatchEntries.addAndGet(request.entries().size());
                } else if (context.request() instanceof ChangeMessageVisibilityRequest) {
                    visibilityChanges.incrementAndGet();
                } else if (context.request() instanceof GetQueueUrlRequest) {
                    sessionsOpened.incrementAndGet(); // each session looks its queue up once
                } else if (context.request() instanceof DeleteMessageRequest && deletesToFail.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw SdkClientException.create("injected: the delete did not go through");
                }
            }
        };
        sqs = AwsClients.sqs(new AwsSettings("us-east-1", Optional.of(queues.endpoint()), CALL_TIMEOUT), countVisibilityChanges);
        resources.add(sqs::close);
        url = queues.queueUrl(QueueDefinitions.ORDER_PROCESSING_QUEUE);
    }

    private Consumer startConsumer(MessageHandler handler, Duration leaseMaxAge) {
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        resources.add(workers::shutdownNow);
        resources.add(scheduler::shutdownNow);
        WorkerPool pool = new WorkerPool(WORKERS, workers);
        OrderMessages messages = new OrderMessages(sqs, () -> url, scheduler, handler,
                new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(2)), leaseMaxAge, CALL_TIMEOUT, reason -> { });
        Consumer consumer = new Consumer();
        for (int i = 0; i < SESSIONS; i++) {
            SessionReceiver receiver = new SessionReceiver(sqs, QueueDefinitions.ORDER_PROCESSING_QUEUE, pool, messages, 10_000,
                    leaseMaxAge, CALL_TIMEOUT, 0);
            Thread thread = new Thread(receiver, "soak-receiver-" + i);
            consumer.receivers.add(receiver);
            consumer.threads.add(thread);
            thread.start();
        }
        resources.add(consumer);
        return consumer;
    }

    private boolean settled(InMemoryOrderStore store, List<Order> orders) {
        Map<String, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNamesWithStrings(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES.toString(),
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE.toString(),
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED.toString())).attributesAsStrings();
        boolean empty = attributes.values().stream().allMatch("0"::equals);
        return empty && orders.stream().allMatch(order -> store.find(order.orderId())
                .map(record -> record.status().isFinal() || record.claimedAt().isEmpty()).orElse(false));
    }

    private int queueDepth(String queueName) {
        return Integer.parseInt(sqs.getQueueAttributes(r -> r.queueUrl(queues.queueUrl(queueName))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    private static SendMessageBatchRequestEntry entry(Order order) {
        return SendMessageBatchRequestEntry.builder().id(UUID.randomUUID().toString()).messageBody(OrderJson.write(order)).build();
    }

    private static Order order() {
        return new Order(UUID.randomUUID().toString(), 1L, OrderStatus.PENDING, OrderLimits.DEFAULT_CURRENCY,
                List.of(new OrderItem("sku-1", 1, new BigDecimal("19.99"))), Instant.now());
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static void waitFor(String what, Duration patience, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /** The receivers of one consumer. */
    private static final class Consumer implements AutoCloseable {

        final List<SessionReceiver> receivers = new ArrayList<>();
        final List<Thread> threads = new ArrayList<>();

        /** What the client's sessions hold unacknowledged, by their own acknowledgers. */
        int heldByClient() throws Exception {
            int held = 0;
            for (SessionReceiver receiver : receivers) {
                Optional<Session> session = receiver.session();
                if (session.isPresent()) {
                    held += unacknowledged((SQSSession) session.get());
                }
            }
            return held;
        }

        @Override
        public void close() throws InterruptedException {
            receivers.forEach(SessionReceiver::stop);
            for (Thread thread : threads) {
                thread.join(30_000);
            }
        }

        private static int unacknowledged(SQSSession session) throws Exception {
            Field field = SQSSession.class.getDeclaredField("acknowledger");
            field.setAccessible(true);
            Acknowledger acknowledger = (Acknowledger) field.get(session);
            while (true) {
                try {
                    return acknowledger.getUnAckMessages().size();
                } catch (ConcurrentModificationException | ArrayIndexOutOfBoundsException e) {
                    // The session's thread changed the map (a plain HashMap) while it was copied: read it again.
                }
            }
        }
    }
}
