package io.flashorders.order.api;

import io.flashorders.cdi.web.ApiError;
import io.flashorders.core.intake.Admission;
import io.flashorders.core.intake.IdempotencyKeys;
import io.flashorders.core.intake.OrderIntake;
import io.flashorders.core.order.NewOrder;
import io.flashorders.core.order.Order;
import io.flashorders.core.store.Channel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.OptionalLong;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Pays for an order while the customer waits: the design that breaks under a flash sale. The order is recorded first. */
@Path("/orders/sync")
@ApplicationScoped
public class SyncOrderResource {

    @Inject
    OrderIntake intake;

    @Inject
    InlinePayment inlinePayment;

    @Inject
    OrderReplies replies;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createOrderSync", summary = "Pay for an order now", description = "Answers once the payment is verified (payment.latency.ms). "
            + "With an Idempotency-Key, a repeat of the same order gets the first answer again, without paying twice; "
            + "after a 503 payment_unknown the repeat pays the same order, which the provider does not charge twice.")
    @APIResponse(responseCode = "200", description = "Paid; the body is the completed order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Order.class)))
    @APIResponse(responseCode = "400", description = OrderSubmissionReader.INVALID_400,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "413", description = "Body larger than orders.max-body-bytes",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "415", description = OrderSubmissionReader.UNSUPPORTED_415,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "402", description = "The payment provider declined the payment for good (payment_declined); the order failed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "The first request with this Idempotency-Key is still running, or its order is "
            + "not settled yet; Retry-After says when it will have been at the latest",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "422", description = "This Idempotency-Key was used for a different order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = "No payment permit came free in time (payment_busy), the payment provider "
            + "failed before charging (payment_failed), or the order store is unreachable: nothing was charged. Or the payment's "
            + "outcome is unknown (payment_unknown: a timeout, a lost answer): the order stays, retry with the same "
            + "Idempotency-Key. See Retry-After",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response submit(NewOrder submission, @HeaderParam(IdempotencyKeys.HEADER) String key) {
        Admission admission = intake.admit(new OrderIntake.Request(Channel.SYNC, submission, IdempotencyKeys.check(key),
                OptionalLong.empty()));
        if (admission instanceof Admission.Fresh fresh) {
            return inlinePayment.pay(fresh.order(), false);
        }
        if (admission instanceof Admission.Resume resume) {
            return inlinePayment.pay(resume.order(), true);
        }
        return replies.repeated(admission, Channel.SYNC, null, inlinePayment.retryAfter());
    }
}
