package io.flashorders.order.api;

import io.flashorders.aws.CachedQueueDepth;
import io.flashorders.aws.QueueDepth;
import io.flashorders.cdi.web.ApiError;
import io.flashorders.core.intake.Admission;
import io.flashorders.core.intake.IdempotencyKeys;
import io.flashorders.core.intake.OrderIntake;
import io.flashorders.core.order.NewOrder;
import io.flashorders.core.order.Order;
import io.flashorders.core.store.Channel;
import io.flashorders.core.store.OrderRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.OptionalLong;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Accepts an order by queueing it and recording it as pending; the processor pays for it later. */
@Path("/orders/async")
@ApplicationScoped
public class AsyncOrderResource {

    @Inject
    OrderIntake intake;

    @Inject
    OrderReplies replies;

    @Inject
    CachedQueueDepth queueDepth;

    @Inject
    OrderCounters counters;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createOrderAsync", summary = "Queue an order", description = "Answers 202 once the order is recorded and durably queued, before it "
            + "is paid. With an Idempotency-Key, a repeat of the same order gets the first answer again.")
    @APIResponse(responseCode = "202", description = "Queued; the body is the pending order, Location names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Order.class)))
    @APIResponse(responseCode = "400", description = OrderSubmissionReader.INVALID_400 + "; nothing was queued",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "413", description = "Body larger than orders.max-body-bytes",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "415", description = OrderSubmissionReader.UNSUPPORTED_415,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "The first request with this Idempotency-Key is still running; see Retry-After",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "422", description = "This Idempotency-Key was used for a different order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = "The queue or the order store could not be reached; the order was not accepted",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response submit(NewOrder submission, @HeaderParam(IdempotencyKeys.HEADER) String key, @Context UriInfo uri) {
        QueueDepth waiting = queueDepth.current();
        OrderIntake.Request request = new OrderIntake.Request(Channel.ASYNC, submission, IdempotencyKeys.check(key),
                waiting.known() ? OptionalLong.of(waiting.visible()) : OptionalLong.empty());
        if (request.idempotencyKey().isEmpty()) {
            // Published, then recorded as queued: one store write (ADR 0007).
            OrderIntake.Queued queued = intake.queue(request);
            return answer(queued.order(), queued.publication(), uri);
        }
        // The key is taken with the order before anything is published, so that one key never queues two orders.
        Admission admission = intake.admit(request);
        if (!(admission instanceof Admission.Fresh fresh)) {
            return replies.repeated(admission, Channel.ASYNC, uri, OrderReplies.RETRY_AFTER_UNAVAILABLE);
        }
        return answer(fresh.order(), intake.publish(fresh.order()), uri);
    }

    private Response answer(OrderRecord order, OrderIntake.Publication publication, UriInfo uri) {
        if (publication == OrderIntake.Publication.REJECTED) {
            counters.rejected("queue_unavailable");
            return new ApiError("queue_unavailable", "the order could not be queued; it was not accepted")
                    .unavailable(OrderReplies.RETRY_AFTER_UNAVAILABLE);
        }
        counters.accepted("async");
        return replies.accepted(order, uri);
    }
}
