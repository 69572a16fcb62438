package io.flashorders.core.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.core.json.OrderJson;
import io.flashorders.core.money.Money;
import io.flashorders.core.money.OrderLimits;
import io.flashorders.core.order.NewOrder;
import io.flashorders.core.order.OrderItem;
import io.flashorders.core.order.OrderStatus;
import io.flashorders.core.payment.Charge;
import io.flashorders.core.payment.Payment;
import io.flashorders.core.publish.OrderPublisher;
import io.flashorders.core.publish.PublishException;
import io.flashorders.core.store.Channel;
import io.flashorders.core.store.InMemoryOrderStore;
import io.flashorders.core.store.OrderRecord;
import io.flashorders.core.store.OrderStore;
import io.flashorders.core.store.ProcessingStart;
import io.flashorders.core.store.StoreException;
import io.flashorders.core.store.PaymentOutcome;
import io.flashorders.core.testing.MutableClock;
import io.flashorders.core.testing.Parked;
import io.flashorders.core.testing.RecordingPublisher;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OrderIntakeTest {

    private static final NewOrder SUBMISSION = new NewOrder(123, OrderLimits.DEFAULT_CURRENCY, List.of(new OrderItem("sku-42", 2, new BigDecimal("19.99"))));
    private static final NewOrder OTHER = new NewOrder(123, OrderLimits.DEFAULT_CURRENCY, List.of(new OrderItem("sku-42", 3, new BigDecimal("19.99"))));

    private static final Duration SYNC_HOLD = Duration.ofSeconds(45);
    private static final Duration SETTLE_MARGIN = Duration.ofSeconds(5);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T13:00:00Z"));
    private final InMemoryOrderStore store = new InMemoryOrderStore();
    private final RecordingPublisher publisher = new RecordingPublisher();
    private final ExecutorService clients = Executors.newCachedThreadPool();

    @AfterEach
    void stopClients() {
        clients.shutdownNow();
    }

    @Test
    void admit_noKey_recordsThePendingOrderBeforeAnythingIsPublished() {
        Admission admission = intake(Duration.ofSeconds(1)).admit(async(SUBMISSION, null));

        OrderRecord fresh = assertInstanceOf(Admission.Fresh.class, admission).order();
        OrderRecord stored = store.find(fresh.orderId()).orElseThrow();
        assertEquals(OrderStatus.PENDING, stored.status());
        assertTrue(stored.awaitingQueue());
        assertEquals(OptionalLong.of(4), stored.queueDepthAtAcceptance());
        assertEquals(OrderJson.write(stored.order()), stored.orderJson());
        assertEquals(List.of(), publisher.published());
    }

    @Test
    void queue_noKey_publishesFirstThenRecordsThePendingOrderAsQueuedInOneWrite() {
        List<Boolean> recordedWhenPublished = new ArrayList<>();
        OrderIntake intake = intake(publisherThat((id, json) -> recordedWhenPublished.add(store.find(id).isPresent())));

        OrderIntake.Queued queued = intake.queue(async(SUBMISSION, null));

        assertEquals(OrderIntake.Publication.QUEUED, queued.publication());
        assertEquals(List.of(false), recordedWhenPublished, "nothing recorded before the publish");
        OrderRecord stored = store.find(queued.order().orderId()).orElseThrow();
        assertEquals(OrderStatus.PENDING, stored.status());
        assertTrue(stored.queuedAt().isPresent());
        assertFalse(stored.awaitingQueue(), "nothing for the reconciler");
        assertEquals(OptionalLong.of(4), stored.queueDepthAtAcceptance());
        assertEquals(queued.order().orderJson(), stored.orderJson());
        assertEquals(List.of(), store.awaitingQueue(clock.instant().plusSeconds(3600), 10));
    }

    @Test
    void queue_queueRefuses_recordsTheOrderRejectedSoThatAMessageThatWentThroughIsNotPaid() {
        publisher.failing(true);

        OrderIntake.Queued queued = intake(Duration.ofSeconds(1)).queue(async(SUBMISSION, null));

        assertEquals(OrderIntake.Publication.REJECTED, queued.publication());
        OrderRecord stored = store.find(queued.order().orderId()).orElseThrow();
        assertEquals(OrderStatus.REJECTED, stored.status());
        assertEquals(Optional.of("queue_unavailable"), stored.reason());
        assertFalse(stored.awaitingQueue());
        ProcessingStart late = store.startProcessing(stored, "processor", clock.instant(), Duration.ofSeconds(30));
        assertEquals(ProcessingStart.Kind.FINISHED, late.kind(), "a late message finds it rejected and pays nothing");
    }

    @Test
    void queue_processorRecordedItFirst_answersQueuedAndKeepsTheProcessorsRecord() {
        OrderIntake intake = intake(publisherThat((id, json) -> store.startProcessing(
                OrderRecord.pending(OrderJson.readOrder(json), json, Channel.QUEUE, Optional.empty(), OptionalLong.empty()),
                "processor", clock.instant(), Duration.ofSeconds(30))));

        OrderIntake.Queued queued = intake.queue(async(SUBMISSION, null));

        assertEquals(OrderIntake.Publication.QUEUED, queued.publication());
        assertEquals(OrderStatus.PROCESSING, store.find(queued.order().orderId()).orElseThrow().status());
    }

    @Test
    void queue_sendsAnswerLostButAProcessorTookIt_answersQueued() {
        OrderIntake intake = intake(publisherThat((id, json) -> {
            store.startProcessing(OrderRecord.pending(OrderJson.readOrder(json), json, Channel.QUEUE, Optional.empty(), OptionalLong.empty()),
                    "processor", clock.instant(), Duration.ofSeconds(30));
            throw new PublishException("the answer was lost", new IOException("reset"));
        }));

        assertEquals(OrderIntake.Publication.QUEUED, intake.queue(async(SUBMISSION, null)).publication(),
                "it was queued after all: a processor has it");
    }

    @Test
    void queue_storeDownAfterThePublish_answersQueuedThenRefusesBeforePublishingForAWhile() {
        OrderStore down = (OrderStore) Proxy.newProxyInstance(OrderStore.class.getClassLoader(), new Class<?>[] {OrderStore.class},
                (proxy, method, args) -> {
                    throw new StoreException("down", new IOException("refused"));
                });
        OrderIntake intake = new OrderIntake(down, publisher, clock, new OrderIntake.Settings(Duration.ofHours(24), Duration.ZERO, SYNC_HOLD, SETTLE_MARGIN));

        assertEquals(OrderIntake.Publication.QUEUED, intake.queue(async(SUBMISSION, null)).publication(),
                "durably queued; its processor records it from the message");
        assertEquals(1, publisher.published().size());

        assertThrows(StoreException.class, () -> intake.queue(async(SUBMISSION, null)), "the store is known to be failing");
        assertEquals(1, publisher.published().size(), "the next order not queued meanwhile");
    }

    @Test
    void queue_withAKey_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> intake(Duration.ofSeconds(1)).queue(async(SUBMISSION, "k1")));
    }

    @Test
    void publish_queueTakesIt_publishesTheRecordedJsonAndMarksItQueued() {
        OrderIntake intake = intake(Duration.ofSeconds(1));
        OrderRecord fresh = ((Admission.Fresh) intake.admit(async(SUBMISSION, "k1"))).order();

        assertEquals(OrderIntake.Publication.QUEUED, intake.publish(fresh));

        assertEquals(List.of(new RecordingPublisher.Published(fresh.orderId(), fresh.orderJson())), publisher.published());
        OrderRecord stored = store.find(fresh.orderId()).orElseThrow();
        assertTrue(stored.queuedAt().isPresent());
        assertTrue(!stored.awaitingQueue());
    }

    @Test
    void publish_orderWithoutKey_answersBeforeTheQueuedNoteIsWritten() {
        List<Runnable> afterAnswer = new ArrayList<>();
        OrderIntake intake = new OrderIntake(store, publisher, clock, new OrderIntake.Settings(Duration.ofHours(24), Duration.ZERO, SYNC_HOLD, SETTLE_MARGIN),
                afterAnswer::add);
        OrderRecord fresh = ((Admission.Fresh) intake.admit(async(SUBMISSION, null))).order();

        assertEquals(OrderIntake.Publication.QUEUED, intake.publish(fresh));
        assertTrue(store.find(fresh.orderId()).orElseThrow().awaitingQueue(), "not yet noted");

        afterAnswer.forEach(Runnable::run);
        assertTrue(store.find(fresh.orderId()).orElseThrow().queuedAt().isPresent());
    }

    @Test
    void publish_orderWithKey_notesItQueuedBeforeAnswering() {
        OrderIntake intake = new OrderIntake(store, publisher, clock, new OrderIntake.Settings(Duration.ofHours(24), Duration.ZERO, SYNC_HOLD, SETTLE_MARGIN),
                task -> {
                    throw new AssertionError("a keyed order is noted before the answer, not after");
                });
        OrderRecord fresh = ((Admission.Fresh) intake.admit(async(SUBMISSION, "k9"))).order();

        intake.publish(fresh);

        assertTrue(store.find(fresh.orderId()).orElseThrow().queuedAt().isPresent());
    }

    @Test
    void publish_queueRefuses_rejectsTheOrderAndReleasesItsKey() {
        OrderIntake intake = intake(Duration.ofSeconds(1));
        OrderRecord fresh = ((Admission.Fresh) intake.admit(async(SUBMISSION, "k1"))).order();
        publisher.failing(true);

        assertEquals(OrderIntake.Publication.REJECTED, intake.publish(fresh));

        assertEquals(OrderStatus.REJECTED, store.find(fresh.orderId()).orElseThrow().status());
        assertEquals(Optional.of("queue_unavailable"), store.find(fresh.orderId()).orElseThrow().reason());
        assertTrue(store.findKey("k1").isEmpty());
        publisher.failing(false);
        Admission retry = intake.admit(async(SUBMISSION, "k1"));
        assertInstanceOf(Admission.Fresh.class, retry, "a retry with the key is a new attempt");
    }

    @Test
    void publish_queueRefusesButReconcilerQueuedItMeanwhile_answersQueued() {
        OrderIntake intake = intake(Duration.ofSeconds(1));
        OrderRecord fresh = ((Admission.Fresh) intake.admit(async(SUBMISSION, null))).order();
        store.markQueued(fresh.orderId(), clock.instant());
        publisher.failing(true);

        assertEquals(OrderIntake.Publication.QUEUED, intake.publish(fresh));
        assertEquals(OrderStatus.PENDING, store.find(fresh.orderId()).orElseThrow().status());
    }

    @Test
    void admit_sameKeySameOrderAfterQueued_replaysTheOriginalWithoutRecordingAnother() {
        OrderIntake intake = intake(Duration.ofSeconds(1));
        OrderRecord fresh = ((Admission.Fresh) intake.admit(async(SUBMISSION, "k1"))).order();
        intake.publish(fresh);

        Admission again = intake.admit(async(new NewOrder(123, OrderLimits.DEFAULT_CURRENCY, SUBMISSION.items()), "k1"));

        OrderRecord original = assertInstanceOf(Admission.Replay.class, again).original();
        assertEquals(fresh.orderId(), original.orderId());
        assertEquals(fresh.orderJson(), original.orderJson());
        assertEquals(1, publisher.published().size());
    }

    @Test
    void admit_sameKeyOtherOrder_isKeyReused() {
        OrderIntake intake = intake(Duration.ofSeconds(1));
        intake.publish(((Admission.Fresh) intake.admit(async(SUBMISSION, "k1"))).order());

        Admission other = intake.admit(async(OTHER, "k1"));

        assertInstanceOf(Admission.KeyReused.class, other);
    }

    @Test
    void admit_sameKeyOtherEndpoint_isKeyReused() {
        OrderIntake intake = intake(Duration.ofSeconds(1));
        intake.publish(((Admission.Fresh) intake.admit(async(SUBMISSION, "k1"))).order());

        Admission other = intake.admit(new OrderIntake.Request(Channel.SYNC, SUBMISSION, Optional.of("k1"), OptionalLong.empty()));

        assertInstanceOf(Admission.KeyReused.class, other);
    }

    @Test
    void admit_sameKeyWhileFirstStillPublishing_waitsThenGivesUpWithKeyBusy() {
        OrderIntake intake = intake(Duration.ofMillis(300));
        intake.admit(async(SUBMISSION, "k1")); // recorded, never published

        long start = System.nanoTime();
        Admission again = intake.admit(async(SUBMISSION, "k1"));
        Duration waited = Duration.ofNanos(System.nanoTime() - start);

        assertInstanceOf(Admission.KeyBusy.class, again);
        assertTrue(waited.compareTo(Duration.ofMillis(300)) >= 0, "waited for the first request: " + waited);
    }

    @Test
    void admit_sameKeyAfterKeyLifetime_isANewOrder() {
        OrderIntake intake = intake(Duration.ofSeconds(1));
        OrderRecord first = ((Admission.Fresh) intake.admit(async(SUBMISSION, "k1"))).order();
        intake.publish(first);
        clock.advance(Duration.ofHours(24));

        OrderRecord second = assertInstanceOf(Admission.Fresh.class, intake.admit(async(SUBMISSION, "k1"))).order();

        assertTrue(!second.orderId().equals(first.orderId()));
    }

    @Test
    void admit_fiftyConcurrentRequestsOneKey_oneOrderOneMessageAndEveryoneTheSameAnswer() throws Exception {
        OrderIntake intake = intake(Duration.ofSeconds(10));
        int requests = 50;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> requesters = new CopyOnWriteArrayList<>();
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            answers.add(clients.submit(() -> {
                go.await();
                requesters.add(Thread.currentThread());
                Admission admission = intake.admit(async(SUBMISSION, "shared"));
                if (admission instanceof Admission.Fresh fresh) {
                    // Published only once every other request waits for its outcome (the timed wait in admit is the
                    // only place they can park, go.await() being untimed): none may answer before it is queued.
                    while (requesters.size() < requests) {
                        Thread.yield();
                    }
                    for (Thread other : requesters) {
                        if (other != Thread.currentThread()) {
                            Parked.awaitTimed(other);
                        }
                    }
                    assertEquals(OrderIntake.Publication.QUEUED, intake.publish(fresh.order()));
                    return "fresh:" + fresh.order().orderId();
                }
                OrderRecord original = assertInstanceOf(Admission.Replay.class, admission).original();
                assertTrue(original.queuedAt().isPresent(), "replayed only once the original was queued");
                return "replay:" + original.orderId();
            }));
        }
        go.countDown();
        Set<String> orderIds = new HashSet<>();
        int fresh = 0;
        for (Future<String> answer : answers) {
            String[] kind = answer.get().split(":");
            fresh += kind[0].equals("fresh") ? 1 : 0;
            orderIds.add(kind[1]);
        }

        assertEquals(1, fresh, "one request made the order");
        assertEquals(1, orderIds.size(), "every request answered with the same order");
        assertEquals(1, publisher.published().size(), "one message");
    }

    @Test
    void paid_syncOrder_recordsProcessingAndCompletionWithThePayment() {
        OrderIntake intake = intake(Duration.ofSeconds(1));
        OrderRecord fresh = ((Admission.Fresh) intake.admit(
                new OrderIntake.Request(Channel.SYNC, SUBMISSION, Optional.empty(), OptionalLong.empty()))).order();
        Instant started = clock.instant();
        clock.advance(Duration.ofSeconds(3));
        Charge entry = new Charge("ch_1", fresh.orderId(), fresh.orderId(), Money.of(new BigDecimal("39.98"), OrderLimits.DEFAULT_CURRENCY), clock.instant());

        intake.paid(fresh, started, new Payment(fresh.order().withStatus(OrderStatus.COMPLETED), entry, false));

        OrderRecord stored = store.find(fresh.orderId()).orElseThrow();
        assertEquals(OrderStatus.COMPLETED, stored.status());
        assertEquals(started, stored.transitions().get(OrderStatus.PROCESSING));
        assertEquals(Optional.of(new PaymentOutcome(Money.of(new BigDecimal("39.98"), OrderLimits.DEFAULT_CURRENCY), clock.instant(), false)), stored.payment());
        assertTrue(!stored.awaitingQueue(), "a sync order is never published by the reconciler");
    }

    @Test
    void settings_keyLifetimeUnderADay_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> new OrderIntake.Settings(Duration.ofHours(23), Duration.ZERO, SYNC_HOLD, SETTLE_MARGIN));
    }

    private OrderIntake intake(Duration replayWait) {
        return new OrderIntake(store, publisher, clock, new OrderIntake.Settings(Duration.ofHours(24), replayWait, SYNC_HOLD, SETTLE_MARGIN));
    }

    private OrderIntake intake(OrderPublisher publishing) {
        return new OrderIntake(store, publishing, clock, new OrderIntake.Settings(Duration.ofHours(24), Duration.ZERO, SYNC_HOLD, SETTLE_MARGIN));
    }

    interface Send {
        void publish(String orderId, String orderJson) throws PublishException;
    }

    private static OrderPublisher publisherThat(Send send) {
        return new OrderPublisher() {
            @Override
            public void publish(String orderId, String orderJson) throws PublishException {
                send.publish(orderId, orderJson);
            }

            @Override
            public boolean reachable() {
                return true;
            }

            @Override
            public String destination() {
                return "the test's queue";
            }
        };
    }

    private static OrderIntake.Request async(NewOrder submission, String key) {
        return new OrderIntake.Request(Channel.ASYNC, submission, Optional.ofNullable(key), OptionalLong.of(4));
    }
}
