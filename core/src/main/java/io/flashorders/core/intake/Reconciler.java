package io.flashorders.core.intake;

import io.flashorders.core.publish.OrderPublisher;
import io.flashorders.core.publish.PublishException;
import io.flashorders.core.store.AwaitingOrder;
import io.flashorders.core.store.OrderRecord;
import io.flashorders.core.store.OrderStore;
import io.flashorders.core.store.UnsettledOrder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Finds async orders that were recorded as pending but never confirmed as queued, long after their receiver should
 * have queued them (it died between recording and publishing, or between publishing and noting it), and publishes them
 * again. That is safe because processing is idempotent: a processor pays an order at most once, and acknowledges a
 * message for a finished order without paying. Each order is first claimed in the store, so that of several order API
 * instances only one publishes it, and a failed attempt is retried only after another {@code staleAfter}.
 *
 * <p>With a {@link Settlement}, each pass then settles the orders whose payer is gone (their settle time passed) from
 * the payment provider's ledger.
 */
public final class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class.getName());

    /**
     * What one pass did.
     *
     * @param settled how many orders past their settle time came to each result
     */
    public record Pass(int republished, int failed, Map<Settlement.Result, Integer> settled) {

        public Pass {
            settled = Map.copyOf(settled);
        }

        /** A pass that settled nothing. */
        public Pass(int republished, int failed) {
            this(republished, failed, Map.of());
        }
    }

    private final OrderStore store;
    private final OrderPublisher publisher;
    private final Clock clock;
    private final Duration staleAfter;
    private final int batchSize;
    private final Optional<Settlement> settlement;

    /** Republishes only; settles nothing. */
    public Reconciler(OrderStore store, OrderPublisher publisher, Clock clock, Duration staleAfter, int batchSize) {
        this(store, publisher, Optional.empty(), clock, staleAfter, batchSize);
    }

    /**
     * @param staleAfter how long an order may await its queueing before it is published again; well above the time a
     *                   receiver may take to publish (aws.call-timeout.ms)
     * @param batchSize  the most orders one pass publishes
     */
    public Reconciler(OrderStore store, OrderPublisher publisher, Optional<Settlement> settlement, Clock clock,
                      Duration staleAfter, int batchSize) {
        this.settlement = Objects.requireNonNull(settlement, "settlement");
        this.store = Objects.requireNonNull(store, "store");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.staleAfter = Objects.requireNonNull(staleAfter, "staleAfter");
        if (staleAfter.isNegative() || staleAfter.isZero() || batchSize < 1) {
            throw new IllegalArgumentException("staleAfter must be positive and batchSize at least 1");
        }
        this.batchSize = batchSize;
    }

    /** One pass: publishes what has waited too long, then settles. Store failures end the pass; they are thrown. */
    public Pass runOnce() {
        Instant now = clock.instant();
        int republished = 0;
        int failed = 0;
        var stale = store.awaitingQueue(now.minus(staleAfter), batchSize);
        for (AwaitingOrder awaiting : stale) {
            if (!store.claimRepublish(awaiting.orderId(), awaiting.since(), now)) {
                continue;
            }
            Optional<OrderRecord> order = store.find(awaiting.orderId());
            if (order.isEmpty() || !order.get().awaitingQueue()) {
                continue;
            }
            try {
                publisher.publish(awaiting.orderId(), order.get().orderJson());
            } catch (PublishException e) {
                failed++;
                LOG.log(Level.WARNING, "could not publish stranded order " + awaiting.orderId() + " again; retrying after "
                        + staleAfter.toMillis() + " ms", e.getCause());
                continue;
            }
            store.markQueued(awaiting.orderId(), clock.instant());
            republished++;
            LOG.info(() -> "published stranded order " + awaiting.orderId() + " again (recorded at "
                    + order.get().order().createdAt() + ")");
        }
        return new Pass(republished, failed, settle(now));
    }

    private Map<Settlement.Result, Integer> settle(Instant now) {
        if (settlement.isEmpty()) {
            return Map.of();
        }
        Map<Settlement.Result, Integer> settled = new EnumMap<>(Settlement.Result.class);
        for (UnsettledOrder due : store.unsettled(now, batchSize)) {
            try {
                settled.merge(settlement.get().settle(due), 1, Integer::sum);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return settled;
    }
}
