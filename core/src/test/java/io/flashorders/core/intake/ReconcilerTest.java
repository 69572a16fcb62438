package io.flashorders.core.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.core.json.OrderJson;
import io.flashorders.core.money.OrderLimits;
import io.flashorders.core.order.Order;
import io.flashorders.core.order.OrderItem;
import io.flashorders.core.order.OrderStatus;
import io.flashorders.core.store.Channel;
import io.flashorders.core.store.InMemoryOrderStore;
import io.flashorders.core.store.OrderRecord;
import io.flashorders.core.testing.MutableClock;
import io.flashorders.core.testing.RecordingPublisher;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReconcilerTest {

    private static final Duration STALE_AFTER = Duration.ofSeconds(30);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T13:00:00Z"));
    private final InMemoryOrderStore store = new InMemoryOrderStore();
    private final RecordingPublisher publisher = new RecordingPublisher();
    private final Reconciler reconciler = new Reconciler(store, publisher, clock, STALE_AFTER, 100);

    @Test
    void runOnce_orderRecordedButNeverPublished_waitsOutTheBoundThenPublishesItOnce() {
        OrderRecord stranded = recordAsync();

        clock.advance(STALE_AFTER.minusSeconds(1));
        assertEquals(new Reconciler.Pass(0, 0), reconciler.runOnce(), "its receiver may still be publishing");

        clock.advance(Duration.ofSeconds(2));
        assertEquals(new Reconciler.Pass(1, 0), reconciler.runOnce());
        assertEquals(new Reconciler.Pass(0, 0), reconciler.runOnce(), "published once");

        assertEquals(List.of(new RecordingPublisher.Published(stranded.orderId(), stranded.orderJson())), publisher.published());
        OrderRecord after = store.find(stranded.orderId()).orElseThrow();
        assertEquals(OrderStatus.PENDING, after.status());
        assertTrue(after.queuedAt().isPresent());
        assertEquals(1, after.republished());
    }

    @Test
    void runOnce_queuedProcessingRejectedOrSyncOrders_areLeftAlone() {
        OrderRecord queued = recordAsync();
        store.markQueued(queued.orderId(), clock.instant());
        OrderRecord processing = recordAsync();
        store.startProcessing(processing, "processor-1", clock.instant(), Duration.ofSeconds(30));
        OrderRecord rejected = recordAsync();
        store.reject(rejected.orderId(), Optional.empty(), "queue_unavailable", clock.instant());
        Order syncOrder = order();
        store.create(OrderRecord.pending(syncOrder, OrderJson.write(syncOrder), Channel.SYNC, Optional.empty(), OptionalLong.empty()));
        clock.advance(STALE_AFTER.multipliedBy(10));

        assertEquals(new Reconciler.Pass(0, 0), reconciler.runOnce());
        assertEquals(List.of(), publisher.published());
    }

    @Test
    void runOnce_queueStillDown_retriesAfterAnotherBound() {
        OrderRecord stranded = recordAsync();
        publisher.failing(true);
        clock.advance(STALE_AFTER.plusSeconds(1));

        assertEquals(new Reconciler.Pass(0, 1), reconciler.runOnce());
        publisher.failing(false);
        assertEquals(new Reconciler.Pass(0, 0), reconciler.runOnce(), "not before another bound");

        clock.advance(STALE_AFTER.plusSeconds(1));
        assertEquals(new Reconciler.Pass(1, 0), reconciler.runOnce());
        assertEquals(stranded.orderId(), publisher.published().get(0).orderId());
        assertEquals(2, store.find(stranded.orderId()).orElseThrow().republished());
    }

    @Test
    void runOnce_twoInstancesAtOnce_onlyOnePublishes() {
        recordAsync();
        Reconciler other = new Reconciler(store, publisher, clock, STALE_AFTER, 100);
        clock.advance(STALE_AFTER.plusSeconds(1));

        int republished = reconciler.runOnce().republished() + other.runOnce().republished();

        assertEquals(1, republished);
        assertEquals(1, publisher.published().size());
    }

    @Test
    void constructor_zeroBound_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Reconciler(store, publisher, clock, Duration.ZERO, 1));
    }

    private OrderRecord recordAsync() {
        Order order = order();
        OrderRecord record = OrderRecord.pending(order, OrderJson.write(order), Channel.ASYNC, Optional.empty(), OptionalLong.empty());
        store.create(record);
        return record;
    }

    private Order order() {
        return new Order(UUID.randomUUID().toString(), 5, OrderStatus.PENDING, OrderLimits.DEFAULT_CURRENCY,
                List.of(new OrderItem("sku-1", 1, BigDecimal.TEN)), clock.instant());
    }
}
