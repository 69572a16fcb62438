package io.flashorders.order.api;

import io.flashorders.cdi.Payments;
import io.flashorders.core.json.OrderJson;
import io.flashorders.core.order.NewOrder;
import io.flashorders.core.order.Order;
import io.flashorders.core.payment.GateBusyException;
import io.flashorders.core.payment.PaymentFailedException;
import io.flashorders.core.payment.PaymentInProgressException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Pays for an order while the customer waits: the design that breaks under a flash sale. */
@Path("/orders/sync")
@ApplicationScoped
public class SyncOrderResource {

    @Inject
    Payments payments;

    @Inject
    OrderCounters counters;

    private final Clock clock = Clock.systemUTC();

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Pay for an order now", description = "Answers once the payment is verified (payment.latency.ms).")
    @APIResponse(responseCode = "200", description = "Paid; the body is the completed order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Order.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON or an invalid order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "413", description = "Body larger than orders.max-body-bytes",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "415", description = "Content-Type is not application/json",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = "Every payment permit stayed busy for orders.sync.max-wait.ms (payment_busy), "
            + "or the payment provider failed (payment_failed); see Retry-After",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response submit(NewOrder submission) {
        try {
            String paid = OrderJson.write(payments.pay(submission.accept(clock)).order());
            counters.accepted("sync");
            return Response.ok(paid).build();
        } catch (GateBusyException e) {
            counters.rejected("payment_busy");
            return new ApiError("payment_busy", e.getMessage()).unavailable(e.retryAfter());
        } catch (PaymentInProgressException e) {
            // Cannot happen for a fresh order id; answered as busy rather than left unhandled.
            counters.rejected("payment_busy");
            return new ApiError("payment_busy", e.getMessage()).unavailable(payments.retryAfter());
        } catch (PaymentFailedException e) {
            // Nothing was charged, or the provider's answer was lost: a retry pays at most once either way.
            counters.rejected("payment_failed");
            return new ApiError("payment_failed", e.getMessage()).unavailable(payments.retryAfter());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ApiError("shutting_down", "the server is stopping").unavailable(payments.retryAfter());
        }
    }
}
