package io.flashorders.order.sale;

import io.flashorders.core.json.OrderJson;
import io.flashorders.core.sale.Reservation;
import io.flashorders.core.sale.Verdict;
import io.flashorders.cdi.web.ApiError;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;

/** The answers of the sale endpoints: a reservation, or the error a refused decision is. */
final class SaleReplies {

    private SaleReplies() {
    }

    static Response reservation(Response.Status status, Reservation r, Instant now) {
        return Response.status(status).entity(OrderJson.write(ReservationView.of(r, now))).build();
    }

    static Response created(Reservation r, Instant now, UriInfo uri) {
        return Response.fromResponse(reservation(Response.Status.CREATED, r, now))
                .location(uri.getBaseUriBuilder().path("sales").path(r.saleId()).path("reservations")
                        .path(r.reservationId()).build())
                .build();
    }

    static Response saleNotFound(String saleId) {
        return new ApiError("sale_not_found", "there is no sale " + saleId).toResponse(404);
    }

    static Response reservationNotFound(String reservationId) {
        return new ApiError("reservation_not_found", "there is no reservation " + reservationId).toResponse(404);
    }

    /** A decision that changed nothing, as the API's error. */
    static Response refused(Verdict verdict, String saleId, String reservationId) {
        String state = verdict.reservation().map(r -> r.state().wireName()).orElse("");
        return switch (verdict.decision()) {
            case SOLD_OUT -> new ApiError("sold_out", "every unit is held or sold; a hold may still expire or be cancelled")
                    .toResponse(409);
            case LIMIT_REACHED -> new ApiError("limit_reached", "this customer holds or bought as many units as the sale allows")
                    .toResponse(409);
            case NOT_OPEN -> new ApiError("sale_not_open", "the sale has not started yet").toResponse(409);
            case ENDED -> new ApiError("sale_ended", "the sale is over").toResponse(409);
            case KEY_REUSED -> new ApiError("idempotency_key_reused",
                    "this Idempotency-Key was used for another customer's reservation").toResponse(422);
            case RESERVATION_EXPIRED -> new ApiError("reservation_expired",
                    "the hold ended before this request; its unit went back to the sale").toResponse(410);
            case WRONG_STATE -> new ApiError("reservation_" + state, "the reservation is " + state
                    + ": it no longer holds a unit this request could act on").toResponse(409);
            case UNKNOWN_SALE -> saleNotFound(saleId);
            case UNKNOWN_RESERVATION -> reservationNotFound(reservationId);
            default -> throw new IllegalArgumentException("not a refusal: " + verdict.decision());
        };
    }
}
