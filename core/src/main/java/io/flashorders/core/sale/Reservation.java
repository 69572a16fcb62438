package io.flashorders.core.sale;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * A customer's hold on one unit of a sale.
 *
 * @param expiresAt  when the hold ends unless checkout started before it
 * @param orderId    the order its checkout created; null before checkout, or while the order is being recorded
 * @param updatedAt  when it last changed state
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Reservation(String reservationId, String saleId, long customerId, ReservationState state,
                          Instant reservedAt, Instant expiresAt, String orderId, Instant updatedAt) {

    public Reservation {
        Objects.requireNonNull(reservationId, "reservationId");
        Objects.requireNonNull(saleId, "saleId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reservedAt, "reservedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** Whole seconds the hold has left at {@code now} (0 once over, or when it no longer is a plain hold). */
    public long expiresInSeconds(Instant now) {
        if (state != ReservationState.RESERVED || !now.isBefore(expiresAt)) {
            return 0;
        }
        return (expiresAt.toEpochMilli() - now.toEpochMilli() + 999) / 1000;
    }
}
