package io.flashorders.core.sale;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A limited-stock sale of one product: {@code stock} units at {@code price} in {@code currency}, reservable from
 * {@code startsAt} until {@code endsAt} (or until an admin closes it). A reservation holds its unit for
 * {@code holdTime} (default {@value #DEFAULT_HOLD_SECONDS} s); a customer holds or buys at most
 * {@code perCustomerLimit} units (default {@value #DEFAULT_PER_CUSTOMER_LIMIT}).
 *
 * @param closedAt when an admin closed the sale early; null while it runs
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Sale(String saleId, String productId, long stock, BigDecimal price, String currency, Instant startsAt,
                   Instant endsAt, Duration holdTime, int perCustomerLimit, Instant closedAt) {

    public static final long DEFAULT_HOLD_SECONDS = 120;
    public static final int DEFAULT_PER_CUSTOMER_LIMIT = 1;

    public Sale {
        Objects.requireNonNull(saleId, "saleId");
        Objects.requireNonNull(productId, "productId");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
        Objects.requireNonNull(holdTime, "holdTime");
        if (stock <= 0 || perCustomerLimit <= 0 || !endsAt.isAfter(startsAt) || holdTime.isNegative() || holdTime.isZero()) {
            throw new IllegalArgumentException("not a valid sale: " + saleId);
        }
    }

    /** Whether reservations are taken at {@code now}: started, not ended, not closed. */
    public boolean runs(Instant now) {
        return !now.isBefore(startsAt) && now.isBefore(endsAt) && closedAt == null;
    }

    /** The state a customer sees at {@code now} given the counts. */
    public SaleState state(StockCounts counts, Instant now) {
        if (closedAt != null || !now.isBefore(endsAt)) {
            return SaleState.ENDED;
        }
        if (now.isBefore(startsAt)) {
            return SaleState.UPCOMING;
        }
        return counts.available() > 0 ? SaleState.OPEN : SaleState.SOLD_OUT;
    }
}
