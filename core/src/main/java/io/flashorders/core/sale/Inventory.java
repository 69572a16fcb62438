package io.flashorders.core.sale;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The sale's inventory store. Each decision (open, reserve, cancel, expire, start checkout, confirm, release) is one
 * atomic step on the store that moves at most one unit between the {@link StockCounts} and appends its
 * {@link AuditEvent} in the same step, so the invariant holds at every instant and the trail replays to the counts.
 * {@code now} is the deciding server's clock: the hold's expiry is compared against it.
 *
 * <p>Every method throws {@link InventoryUnavailableException} when the store cannot be reached; a decision whose
 * answer was lost may have been made (the audit trail says), and repeating it is safe where noted.
 */
public interface Inventory {

    /** @return false when a sale with that id exists already (nothing changed) */
    boolean open(Sale sale, Instant now);

    /** Closes a running sale early: no more reservations; holds may still be checked out. False when unknown. */
    boolean close(String saleId, Instant now);

    /** A sale and its counts, read in one step. */
    Optional<SaleSnapshot> snapshot(String saleId);

    /** Every sale opened, ended ones included. */
    List<String> saleIds();

    /**
     * Holds one unit for the customer, when the sale runs, has a unit (expired holds are reclaimed first when none is
     * available) and the customer is below the limit. With an idempotency key, a repeat answers {@link Decision#REPLAYED}
     * with the first reservation; the key used for another customer answers {@link Decision#KEY_REUSED}.
     *
     * @param reservationId the id for a new reservation (ignored on a replay)
     */
    Verdict reserve(String saleId, long customerId, String reservationId, Optional<String> idempotencyKey, Instant now);

    Optional<Reservation> reservation(String saleId, String reservationId);

    /** Gives a reserved unit back at once. Repeating a cancel answers {@link Decision#CANCELLED} again. */
    Verdict cancel(String saleId, String reservationId, Instant now);

    /**
     * Moves a valid hold to checking out, after which it cannot expire; {@link Decision#RESERVATION_EXPIRED} when the
     * hold is over, {@link Decision#REPLAYED} when checkout started (or ended in a purchase) before.
     */
    Verdict startCheckout(String saleId, String reservationId, Instant now);

    /** Notes the order a checkout created (for the reservation's view and its settlement); changes no count. */
    void attachOrder(String saleId, String reservationId, String orderId);

    /** Checking out to purchased: the unit is sold. Repeating answers {@link Decision#PURCHASED} again. */
    Verdict confirm(String saleId, String reservationId, String reason, Instant now);

    /** Checking out to released: the unit is available again. Repeating answers {@link Decision#RELEASED} again. */
    Verdict release(String saleId, String reservationId, String reason, Instant now);

    /** Expires at most {@code limit} holds that ended before {@code now}; returns how many. */
    int expire(String saleId, Instant now, int limit);

    /** At most {@code limit} reservations checking out, those that started first first. */
    List<Reservation> checkingOut(String saleId, int limit);

    /** The audit trail in order, from after the entry {@code afterId} (null: from the start), at most {@code limit}. */
    List<AuditEvent> audit(String saleId, String afterId, int limit);

    boolean reachable();

    /** Where the store is, for readiness reports (no credentials). */
    String location();
}
