package io.flashorders.core.testing;

import io.flashorders.core.store.AwaitingOrder;
import io.flashorders.core.store.IdempotencyRecord;
import io.flashorders.core.store.InMemoryOrderStore;
import io.flashorders.core.store.OrderRecord;
import io.flashorders.core.store.OrderStore;
import io.flashorders.core.store.PaymentOutcome;
import io.flashorders.core.store.ProcessingStart;
import io.flashorders.core.store.StoreException;
import io.flashorders.core.store.UnsettledOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory store whose completion writes can be made to fail, as a store refusing writes does. Thread-safe. */
public final class FlakyOrderStore implements OrderStore {

    private final InMemoryOrderStore store = new InMemoryOrderStore();
    private final AtomicInteger completesToFail = new AtomicInteger();
    private final AtomicInteger completeCalls = new AtomicInteger();

    /** The next {@code count} completion writes throw {@link StoreException}, writing nothing. */
    public void failCompletes(int count) {
        completesToFail.set(count);
    }

    public int completeCalls() {
        return completeCalls.get();
    }

    @Override
    public boolean complete(String orderId, Instant processingSince, PaymentOutcome payment, Instant at) {
        completeCalls.incrementAndGet();
        if (completesToFail.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            throw new StoreException("injected: the store refused the completion of " + orderId, new IllegalStateException("down"));
        }
        return store.complete(orderId, processingSince, payment, at);
    }

    @Override
    public boolean create(OrderRecord order) {
        return store.create(order);
    }

    @Override
    public Optional<IdempotencyRecord> create(OrderRecord order, IdempotencyRecord key) {
        return store.create(order, key);
    }

    @Override
    public Optional<IdempotencyRecord> findKey(String key) {
        return store.findKey(key);
    }

    @Override
    public Optional<OrderRecord> find(String orderId) {
        return store.find(orderId);
    }

    @Override
    public boolean markQueued(String orderId, Instant at) {
        return store.markQueued(orderId, at);
    }

    @Override
    public boolean reject(String orderId, Optional<String> idempotencyKey, String reason, Instant at) {
        return store.reject(orderId, idempotencyKey, reason, at);
    }

    @Override
    public ProcessingStart startProcessing(OrderRecord ifUnknown, String owner, Instant now, Duration lease) {
        return store.startProcessing(ifUnknown, owner, now, lease);
    }

    @Override
    public boolean renewClaim(String orderId, String owner, Instant now, Duration lease) {
        return store.renewClaim(orderId, owner, now, lease);
    }

    @Override
    public boolean releaseClaim(String orderId, String owner) {
        return store.releaseClaim(orderId, owner);
    }

    @Override
    public boolean releaseHeld(String orderId, Instant heldUntil) {
        return store.releaseHeld(orderId, heldUntil);
    }

    @Override
    public boolean fail(String orderId, String reason, Instant at) {
        return store.fail(orderId, reason, at);
    }

    @Override
    public List<AwaitingOrder> awaitingQueue(Instant before, int limit) {
        return store.awaitingQueue(before, limit);
    }

    @Override
    public boolean claimRepublish(String orderId, Instant since, Instant now) {
        return store.claimRepublish(orderId, since, now);
    }

    @Override
    public List<UnsettledOrder> unsettled(Instant before, int limit) {
        return store.unsettled(before, limit);
    }

    @Override
    public boolean holdForSettling(String orderId, Instant settleAt, Instant until) {
        return store.holdForSettling(orderId, settleAt, until);
    }

    @Override
    public boolean reachable() {
        return true;
    }

    @Override
    public String location() {
        return "flaky memory";
    }
}
