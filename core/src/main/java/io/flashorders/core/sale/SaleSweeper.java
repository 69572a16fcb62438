package io.flashorders.core.sale;

import io.flashorders.core.order.OrderStatus;
import io.flashorders.core.store.IdempotencyRecord;
import io.flashorders.core.store.OrderRecord;
import io.flashorders.core.store.OrderStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One pass over every sale: expires the holds whose time is over, and settles each reservation checking out from its
 * order's status in the order store (completed: purchased; failed or rejected: released; pending or processing:
 * later). A reservation whose order was never recorded (the server died between the two steps of a checkout, or the
 * order store refused the write) is released once it has waited {@code settleGrace} without one. The processor needs
 * to know nothing about sales.
 *
 * @param batch how many holds to expire and checkouts to settle per sale and pass; the next pass takes the rest
 */
public final class SaleSweeper {

    /** What one pass did, and every sale's counts as read at its end. */
    public record Pass(int expired, int purchased, int released, List<SaleSnapshot> sales) {
    }

    private final Inventory inventory;
    private final OrderStore orders;
    private final Clock clock;
    private final Duration settleGrace;
    private final int batch;

    public SaleSweeper(Inventory inventory, OrderStore orders, Clock clock, Duration settleGrace, int batch) {
        this.inventory = Objects.requireNonNull(inventory, "inventory");
        this.orders = Objects.requireNonNull(orders, "orders");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settleGrace = Objects.requireNonNull(settleGrace, "settleGrace");
        if (batch <= 0) {
            throw new IllegalArgumentException("batch must be positive");
        }
        this.batch = batch;
    }

    public Pass runOnce() {
        int expired = 0;
        int purchased = 0;
        int released = 0;
        List<SaleSnapshot> sales = new ArrayList<>();
        for (String saleId : inventory.saleIds()) {
            expired += inventory.expire(saleId, clock.instant(), batch);
            for (Reservation checkout : inventory.checkingOut(saleId, batch)) {
                Decision settled = settle(checkout);
                purchased += settled == Decision.PURCHASED ? 1 : 0;
                released += settled == Decision.RELEASED ? 1 : 0;
            }
            inventory.snapshot(saleId).ifPresent(sales::add);
        }
        return new Pass(expired, purchased, released, sales);
    }

    /** @return what was decided: purchased, released, or null for nothing yet */
    Decision settle(Reservation checkout) {
        Optional<String> orderId = Optional.ofNullable(checkout.orderId())
                .or(() -> orders.findKey(SaleCheckout.orderKey(checkout.reservationId())).map(IdempotencyRecord::orderId));
        Optional<OrderRecord> order = orderId.flatMap(orders::find);
        Instant now = clock.instant();
        if (order.isEmpty()) {
            if (checkout.updatedAt().plus(settleGrace).isAfter(now)) {
                return null;
            }
            return inventory.release(checkout.saleId(), checkout.reservationId(), "checkout_not_recorded", now).decision();
        }
        OrderStatus status = order.get().status();
        String id = order.get().orderId();
        return switch (status) {
            case COMPLETED -> inventory.confirm(checkout.saleId(), checkout.reservationId(), "order " + id + " completed",
                    now).decision();
            case FAILED, REJECTED -> inventory.release(checkout.saleId(), checkout.reservationId(),
                    "order " + id + " " + status.wireName() + order.get().reason().map(r -> ": " + r).orElse(""), now)
                    .decision();
            case PENDING, PROCESSING -> null;
        };
    }
}
