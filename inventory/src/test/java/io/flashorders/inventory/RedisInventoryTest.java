package io.flashorders.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.core.sale.AuditEvent;
import io.flashorders.core.sale.AuditReplay;
import io.flashorders.core.sale.AuditType;
import io.flashorders.core.sale.Decision;
import io.flashorders.core.sale.InventoryUnavailableException;
import io.flashorders.core.sale.Reservation;
import io.flashorders.core.sale.ReservationState;
import io.flashorders.core.sale.Sale;
import io.flashorders.core.sale.StockCounts;
import io.flashorders.core.sale.Verdict;
import io.flashorders.core.testing.MutableClock;
import io.flashorders.local.LocalRedis;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The decision scripts on a real redis-server, with a hand-moved clock. */
class RedisInventoryTest {

    private static final Duration HOLD = Duration.ofSeconds(2);

    private static final RedisInventory inventory = TestRedis.sharedInventory();

    private final MutableClock clock = new MutableClock(TestRedis.START);
    private Sale sale;

    @BeforeEach
    void openSale() {
        sale = TestRedis.sale(3, HOLD, 1);
        assertTrue(inventory.open(sale, clock.instant()));
    }

    private Verdict reserve(long customer) {
        return inventory.reserve(sale.saleId(), customer, UUID.randomUUID().toString(), Optional.empty(), clock.instant());
    }

    private StockCounts counts() {
        return inventory.snapshot(sale.saleId()).orElseThrow().counts();
    }

    private void assertReplayMatches() {
        List<AuditEvent> trail = inventory.audit(sale.saleId(), null, 10_000);
        assertEquals(counts(), AuditReplay.replay(trail));
    }

    @Test
    void openStoresTheSaleOnceAndAuditsIt() {
        assertFalse(inventory.open(sale, clock.instant()), "a second open changes nothing");
        assertEquals(sale, inventory.snapshot(sale.saleId()).orElseThrow().sale());
        assertEquals(StockCounts.opened(3), counts());
        assertTrue(inventory.saleIds().contains(sale.saleId()));
        List<AuditEvent> trail = inventory.audit(sale.saleId(), null, 10);
        assertEquals(1, trail.size());
        assertEquals(AuditType.SALE_OPENED, trail.get(0).type());
        assertEquals(3L, trail.get(0).stock());
        assertTrue(inventory.snapshot("no-such-sale").isEmpty());
    }

    @Test
    void reserveHoldsOneUnitUntilTheHoldTimeAndKeepsToTheLimit() {
        Verdict first = reserve(1);
        assertEquals(Decision.RESERVED, first.decision());
        Reservation held = first.reservation().orElseThrow();
        assertEquals(ReservationState.RESERVED, held.state());
        assertEquals(clock.instant().plus(HOLD), held.expiresAt());
        assertEquals(1, held.customerId());
        assertEquals(held, inventory.reservation(sale.saleId(), held.reservationId()).orElseThrow());
        assertEquals(new StockCounts(3, 2, 1, 0, 0), counts());

        assertEquals(Decision.LIMIT_REACHED, reserve(1).decision());
        assertEquals(Decision.RESERVED, reserve(2).decision());
        assertEquals(Decision.RESERVED, reserve(3).decision());
        assertEquals(Decision.SOLD_OUT, reserve(4).decision());
        assertEquals(new StockCounts(3, 0, 3, 0, 0), counts());
        assertEquals(Decision.UNKNOWN_SALE, inventory.reserve("nope", 1, "r", Optional.empty(), clock.instant()).decision());

        List<AuditEvent> refusals = inventory.audit(sale.saleId(), null, 100).stream()
                .filter(e -> e.type() == AuditType.REFUSED).toList();
        assertEquals(List.of("limit_reached", "sold_out"), refusals.stream().map(AuditEvent::reason).toList());
        assertReplayMatches();
    }

    @Test
    void reserveOutsideTheSaleIsRefused() {
        clock.advance(Duration.ofHours(-1));
        assertEquals(Decision.NOT_OPEN, reserve(1).decision());
        clock.advance(Duration.ofHours(2));
        assertEquals(Decision.ENDED, reserve(1).decision());
        clock.advance(Duration.ofHours(-1));
        assertTrue(inventory.close(sale.saleId(), clock.instant()));
        assertEquals(Decision.ENDED, reserve(1).decision());
        assertEquals(clock.instant(), inventory.snapshot(sale.saleId()).orElseThrow().sale().closedAt());
        assertEquals(StockCounts.opened(3), counts());
    }

    @Test
    void anIdempotencyKeyReplaysTheFirstReservationForItsCustomerOnly() {
        Verdict first = inventory.reserve(sale.saleId(), 7, "r-1", Optional.of("key-1"), clock.instant());
        Verdict again = inventory.reserve(sale.saleId(), 7, "r-2", Optional.of("key-1"), clock.instant());
        assertEquals(Decision.REPLAYED, again.decision());
        assertEquals(first.reservation(), again.reservation());
        assertEquals(Decision.KEY_REUSED, inventory.reserve(sale.saleId(), 8, "r-3", Optional.of("key-1"), clock.instant())
                .decision());
        assertEquals(new StockCounts(3, 2, 1, 0, 0), counts());
    }

    @Test
    void cancelGivesTheUnitBackAtOnceAndOnlyOnce() {
        Reservation held = reserve(1).reservation().orElseThrow();
        Verdict cancelled = inventory.cancel(sale.saleId(), held.reservationId(), clock.instant());
        assertEquals(Decision.CANCELLED, cancelled.decision());
        assertEquals(ReservationState.CANCELLED, cancelled.reservation().orElseThrow().state());
        assertEquals(Decision.CANCELLED, inventory.cancel(sale.saleId(), held.reservationId(), clock.instant()).decision());
        assertEquals(StockCounts.opened(3), counts());
        assertEquals(Decision.RESERVED, reserve(1).decision(), "the customer is below the limit again");
        assertEquals(Decision.UNKNOWN_RESERVATION, inventory.cancel(sale.saleId(), "nope", clock.instant()).decision());
        assertReplayMatches();
    }

    @Test
    void expiredHoldsGoBackBySweepOrWhenAReserveFindsNoUnit() {
        Sale one = TestRedis.sale(1, HOLD, 1);
        inventory.open(one, clock.instant());
        String first = inventory.reserve(one.saleId(), 1, "a", Optional.empty(), clock.instant()).reservation()
                .orElseThrow().reservationId();
        assertEquals(Decision.SOLD_OUT, inventory.reserve(one.saleId(), 2, "b", Optional.empty(), clock.instant()).decision());
        assertEquals(0, inventory.expire(one.saleId(), clock.instant().plus(HOLD).minusMillis(1), 10), "not before its time");

        clock.advance(HOLD);
        assertEquals(Decision.RESERVED, inventory.reserve(one.saleId(), 2, "c", Optional.empty(), clock.instant()).decision(),
                "the reserve reclaimed the expired hold");
        assertEquals(ReservationState.EXPIRED, inventory.reservation(one.saleId(), first).orElseThrow().state());

        clock.advance(HOLD);
        assertEquals(1, inventory.expire(one.saleId(), clock.instant(), 10));
        assertEquals(StockCounts.opened(1), inventory.snapshot(one.saleId()).orElseThrow().counts());
        assertEquals(Decision.RESERVATION_EXPIRED, inventory.startCheckout(one.saleId(), "c", clock.instant()).decision());
        assertEquals(AuditReplay.replay(inventory.audit(one.saleId(), null, 100)),
                inventory.snapshot(one.saleId()).orElseThrow().counts());
    }

    @Test
    void aHoldInCheckoutCannotExpireAndSettlesOnce() {
        Reservation a = reserve(1).reservation().orElseThrow();
        Reservation b = reserve(2).reservation().orElseThrow();
        assertEquals(Decision.CHECKOUT_STARTED, inventory.startCheckout(sale.saleId(), a.reservationId(), clock.instant())
                .decision());
        assertEquals(Decision.CHECKOUT_STARTED, inventory.startCheckout(sale.saleId(), b.reservationId(), clock.instant())
                .decision());
        assertEquals(Decision.REPLAYED, inventory.startCheckout(sale.saleId(), a.reservationId(), clock.instant()).decision());
        assertEquals(Decision.WRONG_STATE, inventory.cancel(sale.saleId(), a.reservationId(), clock.instant()).decision());
        inventory.attachOrder(sale.saleId(), a.reservationId(), "order-a");

        clock.advance(HOLD.multipliedBy(10));
        assertEquals(0, inventory.expire(sale.saleId(), clock.instant(), 10));
        assertEquals(new StockCounts(3, 1, 0, 2, 0), counts());
        assertEquals(java.util.Set.of(a.reservationId(), b.reservationId()), inventory.checkingOut(sale.saleId(), 10).stream()
                .map(Reservation::reservationId).collect(java.util.stream.Collectors.toSet()));
        assertEquals("order-a", inventory.reservation(sale.saleId(), a.reservationId()).orElseThrow().orderId());

        assertEquals(Decision.PURCHASED, inventory.confirm(sale.saleId(), a.reservationId(), "paid", clock.instant()).decision());
        assertEquals(Decision.PURCHASED, inventory.confirm(sale.saleId(), a.reservationId(), "paid", clock.instant()).decision());
        assertEquals(Decision.WRONG_STATE, inventory.release(sale.saleId(), a.reservationId(), "x", clock.instant()).decision());
        assertEquals(Decision.RELEASED, inventory.release(sale.saleId(), b.reservationId(), "declined", clock.instant())
                .decision());
        assertEquals(new StockCounts(3, 2, 0, 0, 1), counts());
        assertEquals(Decision.LIMIT_REACHED, reserve(1).decision(), "a bought unit counts against the limit");
        assertEquals(Decision.RESERVED, reserve(2).decision(), "a released one does not");
        assertTrue(inventory.checkingOut(sale.saleId(), 10).isEmpty());
        assertReplayMatches();
    }

    @Test
    void theAuditTrailReadsInOrderAndPages() {
        reserve(1);
        reserve(2);
        List<AuditEvent> all = inventory.audit(sale.saleId(), null, 100);
        assertEquals(List.of(AuditType.SALE_OPENED, AuditType.RESERVED, AuditType.RESERVED),
                all.stream().map(AuditEvent::type).toList());
        assertEquals(List.of(2L), inventory.audit(sale.saleId(), all.get(1).id(), 100).stream()
                .map(AuditEvent::customerId).toList());
        assertEquals(1, inventory.audit(sale.saleId(), all.get(0).id(), 1).size());
        assertEquals(clock.instant(), all.get(1).at());
    }

    @Test
    void anUnreachableStoreFailsFastAndTheScriptsReturnAfterARestart() {
        try (LocalRedis own = TestRedis.start(); RedisInventory store = TestRedis.inventory(own)) {
            Sale mine = TestRedis.sale(2, HOLD, 1);
            assertTrue(store.open(mine, clock.instant()));
            assertTrue(store.reachable());
            own.close();
            long started = System.nanoTime();
            assertThrows(InventoryUnavailableException.class,
                    () -> store.reserve(mine.saleId(), 1, "r", Optional.empty(), clock.instant()));
            assertTrue(System.nanoTime() - started < Duration.ofSeconds(3).toNanos(), "refused within the timeout");
            assertFalse(store.reachable());
            own.restart();
            // Lettuce reconnects in the background: poll until it has, then the scripts load again (NOSCRIPT).
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!store.reachable() && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
            assertTrue(store.open(mine, clock.instant()), "a restarted server is empty: the sale opens again");
            assertEquals(Decision.RESERVED, store.reserve(mine.saleId(), 1, "r", Optional.empty(), clock.instant()).decision());
        }
    }
}
