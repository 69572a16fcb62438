package io.flashorders.order.sale;

import io.flashorders.aws.CachedQueueDepth;
import io.flashorders.aws.QueueDepth;
import io.flashorders.core.intake.IdempotencyKeys;
import io.flashorders.core.sale.Decision;
import io.flashorders.core.sale.Inventory;
import io.flashorders.core.sale.Reservation;
import io.flashorders.core.sale.SaleCheckout;
import io.flashorders.core.sale.SaleRules;
import io.flashorders.core.sale.Verdict;
import io.flashorders.core.sale.limit.Endpoint;
import io.flashorders.core.order.Order;
import io.flashorders.cdi.web.ApiError;
import io.flashorders.order.api.OrderReplies;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Reserve one unit of a sale, follow or cancel the reservation, and check it out into an order. */
@Path("/sales/{saleId}/reservations")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class ReservationResource {

    private static final Clock CLOCK = Clock.systemUTC();
    private static final Duration RETRY_AFTER_QUEUE = Duration.ofSeconds(5);
    private static final Duration RETRY_AFTER_BUSY = Duration.ofSeconds(1);

    @Inject
    Inventory inventory;

    @Inject
    SaleCheckout checkout;

    @Inject
    SaleMetrics metrics;

    @Inject
    OrderReplies orders;

    @Inject
    CachedQueueDepth queueDepth;

    @Inject
    SaleRateLimits limits;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "reserveUnit", summary = "Reserve one unit", description = "Body {\"customer_id\": 42}. Holds one unit for the sale's hold "
            + "time. With an Idempotency-Key, a repeat answers the first reservation again.")
    @APIResponse(responseCode = "201", description = "Held; Location names the reservation",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReservationView.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON, no valid customer_id, or an invalid Idempotency-Key",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "sale_not_found",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "sold_out, limit_reached, sale_not_open or sale_ended; nothing held",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "422", description = "The Idempotency-Key was used for another customer",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "429", description = "rate_limited (this customer or address), with Retry-After; nothing held",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = "inventory_unavailable, with Retry-After; nothing held",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response reserve(@PathParam("saleId") String saleId, JsonBody body,
                            @HeaderParam(IdempotencyKeys.HEADER) String key, @Context UriInfo uri,
                            @Context HttpServletRequest request) {
        long customer = SaleRules.parseCustomer(body.bytes());
        Optional<String> idempotencyKey = IdempotencyKeys.check(key);
        if (!SaleRules.isId(saleId)) {
            metrics.decided(Decision.UNKNOWN_SALE);
            return SaleReplies.saleNotFound(saleId);
        }
        Optional<Response> limited = limits.refuse(Endpoint.RESERVE, saleId, request, OptionalLong.of(customer));
        if (limited.isPresent()) {
            return limited.get();
        }
        long started = System.nanoTime();
        Instant now = CLOCK.instant();
        Verdict verdict = inventory.reserve(saleId, customer, UUID.randomUUID().toString(), idempotencyKey, now);
        metrics.reservationTook(Duration.ofNanos(System.nanoTime() - started));
        metrics.decided(verdict.decision());
        if (verdict.decision() == Decision.RESERVED || verdict.decision() == Decision.REPLAYED) {
            return SaleReplies.created(verdict.reservation().orElseThrow(), now, uri);
        }
        return SaleReplies.refused(verdict, saleId, null);
    }

    @GET
    @Path("{reservationId}")
    @Operation(operationId = "getReservation", summary = "A reservation", description = "Its state (reserved, checking_out, purchased, expired, released, "
            + "cancelled), its times and, once checked out, its order.")
    @APIResponse(responseCode = "200", description = "The reservation",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReservationView.class)))
    @APIResponse(responseCode = "404", description = "reservation_not_found",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response get(@PathParam("saleId") String saleId, @PathParam("reservationId") String reservationId) {
        Optional<Reservation> found = SaleRules.isId(saleId) && SaleRules.isId(reservationId)
                ? inventory.reservation(saleId, reservationId) : Optional.empty();
        return found.map(r -> SaleReplies.reservation(Response.Status.OK, r, CLOCK.instant()))
                .orElseGet(() -> SaleReplies.reservationNotFound(reservationId));
    }

    @DELETE
    @Path("{reservationId}")
    @Operation(operationId = "cancelReservation", summary = "Cancel a reservation", description = "Its unit is available again at once. Repeating it answers "
            + "the cancelled reservation again.")
    @APIResponse(responseCode = "200", description = "Cancelled",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReservationView.class)))
    @APIResponse(responseCode = "404", description = "reservation_not_found",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "Checked out already, or released: nothing to cancel",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "410", description = "reservation_expired",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response cancel(@PathParam("saleId") String saleId, @PathParam("reservationId") String reservationId) {
        if (!SaleRules.isId(saleId) || !SaleRules.isId(reservationId)) {
            return SaleReplies.reservationNotFound(reservationId);
        }
        Instant now = CLOCK.instant();
        Verdict verdict = inventory.cancel(saleId, reservationId, now);
        metrics.decided(verdict.decision());
        if (verdict.decision() == Decision.CANCELLED) {
            return SaleReplies.reservation(Response.Status.OK, verdict.reservation().orElseThrow(), now);
        }
        return SaleReplies.refused(verdict, saleId, reservationId);
    }

    @POST
    @Path("{reservationId}/checkout")
    @Operation(operationId = "checkoutReservation", summary = "Check out a reservation", description = "While the hold is valid: queues an order for one unit at "
            + "the sale price (the async pipeline pays it). The unit is sold when the order completes and released when "
            + "its payment is declined. A repeat answers the same order.")
    @APIResponse(responseCode = "202", description = "The order is queued; Location names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Order.class)))
    @APIResponse(responseCode = "404", description = "reservation_not_found",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "The reservation was cancelled or released, or the first checkout "
            + "request is still recording its order (idempotency_key_in_use, Retry-After)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "410", description = "reservation_expired: the hold ended first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "429", description = "rate_limited (the reservation's customer or this address), with "
            + "Retry-After; nothing done", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = "inventory_unavailable, store_unavailable or queue_unavailable, with "
            + "Retry-After", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response checkout(@PathParam("saleId") String saleId, @PathParam("reservationId") String reservationId,
                             @Context UriInfo uri, @Context HttpServletRequest request) {
        if (!SaleRules.isId(saleId) || !SaleRules.isId(reservationId)) {
            return SaleReplies.reservationNotFound(reservationId);
        }
        OptionalLong customer = inventory.reservation(saleId, reservationId)
                .map(r -> OptionalLong.of(r.customerId())).orElse(OptionalLong.empty());
        Optional<Response> limited = limits.refuse(Endpoint.CHECKOUT, saleId, request, customer);
        if (limited.isPresent()) {
            return limited.get();
        }
        QueueDepth waiting = queueDepth.current();
        SaleCheckout.Outcome outcome = checkout.checkout(saleId, reservationId,
                waiting.known() ? OptionalLong.of(waiting.visible()) : OptionalLong.empty());
        if (outcome instanceof SaleCheckout.Accepted accepted) {
            metrics.decided(Decision.CHECKOUT_STARTED);
            return orders.accepted(accepted.order(), uri);
        }
        if (outcome instanceof SaleCheckout.Refused refused) {
            metrics.decided(refused.verdict().decision());
            return SaleReplies.refused(refused.verdict(), saleId, reservationId);
        }
        if (outcome instanceof SaleCheckout.NotQueued notQueued) {
            metrics.decided(Decision.RELEASED);
            return new ApiError(notQueued.reason(), "the order could not be queued; the reservation was released")
                    .unavailable(RETRY_AFTER_QUEUE);
        }
        return Response.fromResponse(new ApiError("idempotency_key_in_use",
                        "the first checkout of this reservation is still recording its order; retry").toResponse(409))
                .header("Retry-After", RETRY_AFTER_BUSY.toSeconds()).build();
    }
}
