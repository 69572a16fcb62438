package io.flashorders.order.sale;

import io.flashorders.core.sale.SaleSnapshot;
import io.flashorders.core.sale.SaleState;
import io.flashorders.core.sale.StockCounts;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A sale as customers see it. {@code reserved} counts every held unit (reserved or checking out), so that
 * {@code total = available + reserved + sold}. {@code stale} is true when the store could not be reached and these are
 * the figures last read. {@code asOf} is when the figures were read: up to sales.availability.cache.ms ago when the
 * instance answers from its last read, older when stale.
 */
public record AvailabilityView(String saleId, String productId, BigDecimal price, String currency, Instant startsAt,
                               Instant endsAt, SaleState state, long total, long available, long reserved, long sold,
                               long holdSeconds, int perCustomerLimit, boolean stale, Instant asOf) {

    public static AvailabilityView of(SaleSnapshot snapshot, Instant now, boolean stale, Instant asOf) {
        StockCounts c = snapshot.counts();
        var s = snapshot.sale();
        return new AvailabilityView(s.saleId(), s.productId(), s.price(), s.currency(), s.startsAt(), s.endsAt(),
                state(snapshot, now), c.total(), c.available(), c.held(), c.sold(), s.holdTime().toSeconds(),
                s.perCustomerLimit(), stale, asOf);
    }

    /** The state a view of these figures shows at {@code now}. */
    public static SaleState state(SaleSnapshot snapshot, Instant now) {
        return snapshot.sale().state(snapshot.counts(), now);
    }

    /** The entity tag: the same while what a customer sees is the same (the read time aside). */
    public String tag() {
        return Integer.toHexString((saleId + '|' + state + '|' + available + '|' + reserved + '|' + sold + '|' + stale)
                .hashCode());
    }
}
