package io.flashorders.order.api;

import io.flashorders.core.json.OrderJson;
import io.flashorders.core.order.NewOrder;
import io.flashorders.core.order.Order;
import io.flashorders.core.publish.OrderPublisher;
import io.flashorders.core.publish.PublishException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Accepts an order by queueing it; the processor pays for it later. */
@Path("/orders/async")
@ApplicationScoped
public class AsyncOrderResource {

    private static final Logger LOG = Logger.getLogger(AsyncOrderResource.class.getName());
    private static final Duration RETRY_AFTER_UNAVAILABLE = Duration.ofSeconds(5);

    @Inject
    OrderPublisher publisher;

    @Inject
    OrderCounters counters;

    private final Clock clock = Clock.systemUTC();

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Queue an order", description = "Answers 202 once the order is durably queued, before it is paid.")
    @APIResponse(responseCode = "202", description = "Queued; the body is the pending order, Location names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Order.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON or an invalid order; nothing was queued",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "413", description = "Body larger than orders.max-body-bytes",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "415", description = "Content-Type is not application/json",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = "The queue could not be reached; the order was not accepted",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response submit(NewOrder submission, @Context UriInfo uri) {
        Order order = submission.accept(clock);
        String orderJson = OrderJson.write(order);
        try {
            publisher.publish(order.orderId(), orderJson);
        } catch (PublishException e) {
            LOG.log(Level.WARNING, e.getMessage(), e.getCause());
            counters.rejected("queue_unavailable");
            return new ApiError("queue_unavailable", "the order could not be queued; it was not accepted")
                    .unavailable(RETRY_AFTER_UNAVAILABLE);
        }
        counters.accepted("async");
        return Response.accepted(orderJson)
                .location(uri.getBaseUriBuilder().path("orders").path(order.orderId()).build())
                .build();
    }
}
