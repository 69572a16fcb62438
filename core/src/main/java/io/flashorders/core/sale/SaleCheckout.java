package io.flashorders.core.sale;

import io.flashorders.core.intake.Admission;
import io.flashorders.core.intake.OrderIntake;
import io.flashorders.core.order.NewOrder;
import io.flashorders.core.order.OrderItem;
import io.flashorders.core.order.OrderStatus;
import io.flashorders.core.store.Channel;
import io.flashorders.core.store.OrderRecord;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Checks out a held unit: moves the hold to checking out (it can no longer expire), then records and queues an order
 * for one unit at the sale price through the ordinary async {@link OrderIntake}. The order's idempotency key is
 * {@link #orderKey the reservation's}, so a repeated checkout finds the same order and a reservation always leads to
 * at most one order. The unit is sold or given back later, by {@link SaleSweeper}, from that order's status.
 *
 * <p>When the order store fails, the reservation stays checking out and the exception propagates: the order may
 * have been recorded, so only the sweeper, reading the store later, may release the unit.
 */
public final class SaleCheckout {

    private static final Logger LOG = Logger.getLogger(SaleCheckout.class.getName());

    /** The result of one checkout request. */
    public sealed interface Outcome {
    }

    /** The order is queued (or was by an earlier request): answer 202 with it. */
    public record Accepted(OrderRecord order) implements Outcome {
    }

    /** The checkout was refused (expired, unknown, wrong state): nothing changed. */
    public record Refused(Verdict verdict) implements Outcome {
    }

    /** The queue refused the order: the reservation was released, the unit is available again. */
    public record NotQueued(String reason) implements Outcome {
    }

    /** The first request for this reservation is still recording its order: retry. */
    public record Busy() implements Outcome {
    }

    private final Inventory inventory;
    private final OrderIntake intake;
    private final Clock clock;

    public SaleCheckout(Inventory inventory, OrderIntake intake, Clock clock) {
        this.inventory = Objects.requireNonNull(inventory, "inventory");
        this.intake = Objects.requireNonNull(intake, "intake");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The idempotency key of the order a reservation's checkout creates. */
    public static String orderKey(String reservationId) {
        return "sale-checkout:" + reservationId;
    }

    public Outcome checkout(String saleId, String reservationId, OptionalLong queueDepth) {
        Verdict started = inventory.startCheckout(saleId, reservationId, clock.instant());
        Optional<Reservation> held = started.reservation();
        boolean proceed = started.decision() == Decision.CHECKOUT_STARTED
                || (started.decision() == Decision.REPLAYED && held.isPresent());
        if (!proceed) {
            return new Refused(started);
        }
        Sale sale = inventory.snapshot(saleId).orElseThrow(() -> new IllegalStateException("sale " + saleId + " vanished"))
                .sale();
        NewOrder order = new NewOrder(held.get().customerId(), java.util.Currency.getInstance(sale.currency()), List.of(new OrderItem(sale.productId(), 1, sale.price())));
        Admission admission = intake.admit(new OrderIntake.Request(Channel.ASYNC, order,
                Optional.of(orderKey(reservationId)), queueDepth));
        if (admission instanceof Admission.Fresh fresh) {
            if (intake.publish(fresh.order()) == OrderIntake.Publication.REJECTED) {
                return notQueued(saleId, reservationId, fresh.order(), "queue_unavailable");
            }
            attach(saleId, reservationId, fresh.order().orderId());
            return new Accepted(fresh.order());
        }
        if (admission instanceof Admission.Replay replay) {
            OrderRecord original = replay.original();
            if (original.status() == OrderStatus.REJECTED) {
                return notQueued(saleId, reservationId, original, original.reason().orElse("queue_unavailable"));
            }
            attach(saleId, reservationId, original.orderId());
            return new Accepted(original);
        }
        return new Busy();
    }

    /** Only for the reservation's view: the sweeper finds the order by its key all the same. */
    private void attach(String saleId, String reservationId, String orderId) {
        try {
            inventory.attachOrder(saleId, reservationId, orderId);
        } catch (InventoryUnavailableException e) {
            LOG.log(Level.WARNING, "order " + orderId + " of reservation " + reservationId + " is queued but not noted", e);
        }
    }

    /** The order was rejected: give the unit back now, or leave it to the sweeper, which sees the rejection too. */
    private NotQueued notQueued(String saleId, String reservationId, OrderRecord order, String reason) {
        try {
            inventory.release(saleId, reservationId, "order " + order.orderId() + " rejected: " + reason, clock.instant());
        } catch (InventoryUnavailableException e) {
            LOG.log(Level.WARNING, "reservation " + reservationId + " is left to the sweeper to release", e);
        }
        return new NotQueued(reason);
    }
}
