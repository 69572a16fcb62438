package io.flashorders.order.sale;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.flashorders.core.sale.Reservation;
import io.flashorders.core.sale.ReservationState;
import java.time.Instant;

/** A reservation on the wire, with the whole seconds its hold has left ({@code expires_in_seconds}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReservationView(String reservationId, String saleId, long customerId, ReservationState state,
                              Instant reservedAt, Instant expiresAt, long expiresInSeconds, String orderId,
                              Instant updatedAt) {

    public static ReservationView of(Reservation r, Instant now) {
        return new ReservationView(r.reservationId(), r.saleId(), r.customerId(), r.state(), r.reservedAt(), r.expiresAt(),
                r.expiresInSeconds(now), r.orderId(), r.updatedAt());
    }
}
