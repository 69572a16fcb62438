package io.flashorders.core.store;

import io.flashorders.core.order.OrderStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The order store in this process's memory, with the same conditions as the DynamoDB one (the same contract test runs
 * against both). Test-only (core's test-jar): production code always stores orders in DynamoDB. Thread-safe.
 */
public final class InMemoryOrderStore implements OrderStore {

    private final Map<String, OrderRecord> orders = new HashMap<>();
    private final Map<String, IdempotencyRecord> keys = new HashMap<>();
    /** The owner of each live claim (the DynamoDB store keeps it in the order's item, as claimed_by). */
    private final Map<String, String> claimOwners = new HashMap<>();

    @Override
    public synchronized boolean create(OrderRecord order) {
        return orders.putIfAbsent(order.orderId(), order) == null;
    }

    @Override
    public synchronized Optional<IdempotencyRecord> create(OrderRecord order, IdempotencyRecord key) {
        IdempotencyRecord existing = keys.get(key.key());
        if (existing != null && !existing.expired(key.createdAt())) {
            return Optional.of(existing);
        }
        create(order);
        keys.put(key.key(), key);
        return Optional.empty();
    }

    @Override
    public synchronized Optional<IdempotencyRecord> findKey(String key) {
        return Optional.ofNullable(keys.get(key));
    }

    @Override
    public synchronized Optional<OrderRecord> find(String orderId) {
        return Optional.ofNullable(orders.get(orderId));
    }

    @Override
    public synchronized boolean markQueued(String orderId, Instant at) {
        OrderRecord order = orders.get(orderId);
        if (order == null || order.status() != OrderStatus.PENDING || !order.awaitingQueue()) {
            return false;
        }
        orders.put(orderId, order.withQueuedAt(at));
        return true;
    }

    @Override
    public synchronized boolean reject(String orderId, Optional<String> idempotencyKey, String reason, Instant at) {
        OrderRecord order = orders.get(orderId);
        if (order == null || order.status() != OrderStatus.PENDING || order.queuedAt().isPresent()) {
            return false;
        }
        orders.put(orderId, order.moveTo(OrderStatus.REJECTED, at).withReason(reason).withSettleAt(Optional.empty()));
        idempotencyKey.ifPresent(key -> keys.computeIfPresent(key, (k, claim) -> claim.orderId().equals(orderId) ? null : claim));
        return true;
    }

    @Override
    public synchronized ProcessingStart startProcessing(OrderRecord ifUnknown, String owner, Instant now, Duration lease) {
        OrderRecord order = orders.get(ifUnknown.orderId());
        Optional<Instant> settleAt = Optional.of(now.plus(lease));
        if (order == null) {
            orders.put(ifUnknown.orderId(), ifUnknown.moveTo(OrderStatus.PROCESSING, now).withClaimedAt(Optional.of(now)).withSettleAt(settleAt));
            claimOwners.put(ifUnknown.orderId(), owner);
            return ProcessingStart.of(ProcessingStart.Kind.STARTED);
        }
        switch (order.status()) {
            case PENDING:
                orders.put(order.orderId(), order.moveTo(OrderStatus.PROCESSING, now).withClaimedAt(Optional.of(now)).withSettleAt(settleAt));
                claimOwners.put(order.orderId(), owner);
                return ProcessingStart.of(ProcessingStart.Kind.STARTED);
            case PROCESSING:
                boolean expired = order.claimedAt().map(at -> at.isBefore(now.minus(lease))).orElse(true);
                if (!expired) {
                    return ProcessingStart.of(ProcessingStart.Kind.BUSY);
                }
                orders.put(order.orderId(), order.withClaimedAt(Optional.of(now)).withSettleAt(settleAt));
                claimOwners.put(order.orderId(), owner);
                return ProcessingStart.of(ProcessingStart.Kind.TAKEN_OVER);
            default:
                return ProcessingStart.finished(order);
        }
    }

    @Override
    public synchronized boolean renewClaim(String orderId, String owner, Instant now, Duration lease) {
        OrderRecord order = orders.get(orderId);
        if (!ownedBy(order, owner)) {
            return false;
        }
        orders.put(orderId, order.withClaimedAt(Optional.of(now)).withSettleAt(Optional.of(now.plus(lease))));
        return true;
    }

    @Override
    public synchronized boolean releaseHeld(String orderId, Instant heldUntil) {
        OrderRecord order = orders.get(orderId);
        if (order == null || order.status() != OrderStatus.PROCESSING || !order.settleAt().equals(Optional.of(heldUntil))) {
            return false;
        }
        orders.put(orderId, order.withClaimedAt(Optional.empty()).withSettleAt(Optional.empty()));
        claimOwners.remove(orderId);
        return true;
    }

    @Override
    public synchronized boolean releaseClaim(String orderId, String owner) {
        OrderRecord order = orders.get(orderId);
        if (!ownedBy(order, owner)) {
            return false;
        }
        orders.put(orderId, order.withClaimedAt(Optional.empty()).withSettleAt(Optional.empty()));
        claimOwners.remove(orderId);
        return true;
    }

    private boolean ownedBy(OrderRecord order, String owner) {
        return order != null && order.status() == OrderStatus.PROCESSING && order.claimedAt().isPresent()
                && owner.equals(claimOwners.get(order.orderId()));
    }

    @Override
    public synchronized boolean complete(String orderId, Instant processingSince, PaymentOutcome payment, Instant at) {
        OrderRecord order = orders.get(orderId);
        if (order == null || order.status().isFinal()) {
            return false;
        }
        if (order.status() == OrderStatus.PENDING) {
            order = order.moveTo(OrderStatus.PROCESSING, processingSince);
        }
        orders.put(orderId, order.moveTo(OrderStatus.COMPLETED, at).withPayment(payment).withClaimedAt(Optional.empty())
                .withSettleAt(Optional.empty()));
        claimOwners.remove(orderId);
        return true;
    }

    @Override
    public synchronized boolean fail(String orderId, String reason, Instant at) {
        OrderRecord order = orders.get(orderId);
        if (order == null || order.status().isFinal()) {
            return false;
        }
        orders.put(orderId, order.moveTo(OrderStatus.FAILED, at).withReason(reason).withClaimedAt(Optional.empty())
                .withSettleAt(Optional.empty()));
        claimOwners.remove(orderId);
        return true;
    }

    @Override
    public synchronized List<AwaitingOrder> awaitingQueue(Instant before, int limit) {
        return orders.values().stream()
                .filter(order -> order.awaitingQueueSince().filter(since -> since.isBefore(before)).isPresent())
                .map(order -> new AwaitingOrder(order.orderId(), order.awaitingQueueSince().orElseThrow()))
                .sorted(Comparator.comparing(AwaitingOrder::since))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized boolean claimRepublish(String orderId, Instant since, Instant now) {
        OrderRecord order = orders.get(orderId);
        if (order == null || order.status() != OrderStatus.PENDING || !order.awaitingQueueSince().equals(Optional.of(since))) {
            return false;
        }
        orders.put(orderId, order.withAwaitingQueueSince(now, order.republished() + 1));
        return true;
    }

    @Override
    public synchronized List<UnsettledOrder> unsettled(Instant before, int limit) {
        return orders.values().stream()
                .filter(order -> order.settleAt().filter(at -> at.isBefore(before)).isPresent())
                .map(order -> new UnsettledOrder(order.orderId(), order.settleAt().orElseThrow()))
                .sorted(Comparator.comparing(UnsettledOrder::settleAt))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized boolean holdForSettling(String orderId, Instant settleAt, Instant until) {
        OrderRecord order = orders.get(orderId);
        if (order == null || order.status().isFinal() || !order.settleAt().equals(Optional.of(settleAt))) {
            return false;
        }
        orders.put(orderId, order.withSettleAt(Optional.of(until)));
        return true;
    }

    @Override
    public boolean reachable() {
        return true;
    }

    @Override
    public String location() {
        return "memory";
    }
}
