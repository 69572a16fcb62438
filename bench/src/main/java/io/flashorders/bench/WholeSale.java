package io.flashorders.bench;

import io.flashorders.core.sale.AuditEvent;
import io.flashorders.core.sale.AuditReplay;
import io.flashorders.core.sale.Decision;
import io.flashorders.core.sale.Inventory;
import io.flashorders.core.sale.Reservation;
import io.flashorders.core.sale.StockCounts;
import io.flashorders.core.sale.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A whole sale on the inventory store: {@code attempts} reserve attempts from {@code customers} customers (so some
 * meet their limit) on {@code units} units, as fast as the store answers. Of the holds won, a share is cancelled, a
 * share left to expire (the sweeper's {@code expire} gives the unit back, as the API's sweeper does) and the rest
 * checked out, of which a share is released (a declined payment) and the rest purchased. A sampler reads the counts
 * (one HGETALL, so one consistent state) throughout and checks the invariant each time; at the end, once every hold
 * is settled, the audit trail's replay must give the live counts.
 */
public final class WholeSale {

    /** What happened, and whether the invariant held at every sample. */
    public record Result(long units, long attempts, Map<Decision, Long> reserveOutcomes, long cancelled, long leftToExpire,
                         long expiredBySweeper, long checkoutsStarted, long purchased, long released, long samples,
                         long violations, long maxSold, StockCounts end, StockCounts replayed, long auditEntries,
                         double seconds) {

        public boolean sound() {
            return violations == 0 && samples > 0 && end.conserved() && end.sold() <= units && maxSold <= units
                    && end.equals(replayed);
        }
    }

    private WholeSale() {
    }

    public static Result run(Inventory inventory, String saleId, long units, long attempts, long customers,
                             int concurrency, double cancelShare, double expireShare, double declineShare)
            throws Exception {
        Map<Decision, LongAdder> outcomes = new ConcurrentHashMap<>();
        LongAdder cancelled = new LongAdder();
        LongAdder leftToExpire = new LongAdder();
        LongAdder checkouts = new LongAdder();
        LongAdder purchased = new LongAdder();
        LongAdder released = new LongAdder();
        AtomicLong expired = new AtomicLong();
        AtomicLong samples = new AtomicLong();
        AtomicLong violations = new AtomicLong();
        AtomicLong maxSold = new AtomicLong();
        AtomicLong next = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(concurrency + 2);
        long started = System.nanoTime();

        Future<?> sampler = threads.submit(() -> {
            while (running.get()) {
                sample(inventory, saleId, samples, violations, maxSold);
                java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
            }
            return null;
        });
        Future<?> sweeper = threads.submit(() -> {
            while (running.get()) {
                expired.addAndGet(inventory.expire(saleId, Instant.now(), 1_000));
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
            }
            return null;
        });
        List<Future<?>> buyers = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            buyers.add(threads.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (next.getAndIncrement() < attempts) {
                    long customer = 1 + random.nextLong(customers);
                    Verdict verdict = inventory.reserve(saleId, customer, UUID.randomUUID().toString(), Optional.empty(),
                            Instant.now());
                    outcomes.computeIfAbsent(verdict.decision(), d -> new LongAdder()).increment();
                    if (verdict.decision() != Decision.RESERVED) {
                        continue;
                    }
                    String id = verdict.reservation().map(Reservation::reservationId).orElseThrow();
                    double roll = random.nextDouble();
                    if (roll < cancelShare) {
                        count(inventory.cancel(saleId, id, Instant.now()), Decision.CANCELLED, cancelled);
                    } else if (roll < cancelShare + expireShare) {
                        leftToExpire.increment();
                    } else if (count(inventory.startCheckout(saleId, id, Instant.now()), Decision.CHECKOUT_STARTED,
                            checkouts)) {
                        if (random.nextDouble() < declineShare) {
                            count(inventory.release(saleId, id, "payment_declined", Instant.now()), Decision.RELEASED,
                                    released);
                        } else {
                            count(inventory.confirm(saleId, id, "payment_completed", Instant.now()), Decision.PURCHASED,
                                    purchased);
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> buyer : buyers) {
            buyer.get();
        }
        // The holds left to expire are given back by the sweeper once their time is over.
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (inventory.snapshot(saleId).orElseThrow().counts().held() > 0 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000);
        }
        running.set(false);
        sampler.get();
        sweeper.get();
        threads.shutdown();
        double seconds = (System.nanoTime() - started) / 1e9;
        sample(inventory, saleId, samples, violations, maxSold);
        StockCounts end = inventory.snapshot(saleId).orElseThrow().counts();
        List<AuditEvent> trail = new ArrayList<>();
        String after = null;
        for (List<AuditEvent> page = inventory.audit(saleId, null, 10_000); !page.isEmpty();
             page = inventory.audit(saleId, after, 10_000)) {
            trail.addAll(page);
            after = page.get(page.size() - 1).id();
        }
        Map<Decision, Long> reserveOutcomes = new EnumMap<>(Decision.class);
        outcomes.forEach((decision, count) -> reserveOutcomes.put(decision, count.sum()));
        return new Result(units, attempts, reserveOutcomes, cancelled.sum(), leftToExpire.sum(), expired.get(),
                checkouts.sum(), purchased.sum(), released.sum(), samples.get(), violations.get(), maxSold.get(), end,
                AuditReplay.replay(trail), trail.size(), seconds);
    }

    private static boolean count(Verdict verdict, Decision expected, LongAdder counter) {
        if (verdict.decision() == expected) {
            counter.increment();
            return true;
        }
        return false;
    }

    private static void sample(Inventory inventory, String saleId, AtomicLong samples, AtomicLong violations,
                               AtomicLong maxSold) {
        StockCounts counts = inventory.snapshot(saleId).orElseThrow().counts();
        samples.incrementAndGet();
        maxSold.accumulateAndGet(counts.sold(), Math::max);
        if (!counts.conserved()) {
            violations.incrementAndGet();
        }
    }
}
