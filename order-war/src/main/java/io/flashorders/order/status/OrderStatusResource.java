package io.flashorders.order.status;

import io.flashorders.cdi.web.ApiError;
import io.flashorders.core.json.OrderJson;
import io.flashorders.core.status.OrderView;
import io.flashorders.core.store.OrderRecord;
import io.flashorders.core.store.OrderStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code GET /orders/{id}}: where an order is, what happened to it and when; the {@code Location} of a 202. */
@Path("/orders/{id}")
@ApplicationScoped
public class OrderStatusResource {

    /** Order ids are UUIDs; anything much longer names no order and is not looked up. */
    private static final int MAX_ID_LENGTH = 64;

    @Inject
    OrderStore store;

    @Inject
    QueuePosition queuePosition;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getOrder", summary = "Follow an order", description = "The order with its status, the time of each transition, the payment's "
            + "outcome, and while it waits on the queue its estimated position and completion time.")
    @APIResponse(responseCode = "200", description = "The order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderView.class)))
    @APIResponse(responseCode = "404", description = "No order has this id",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = "The order store could not be reached",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response status(@PathParam("id") String orderId) {
        Optional<OrderRecord> order = orderId.length() <= MAX_ID_LENGTH ? store.find(orderId) : Optional.empty();
        if (order.isEmpty()) {
            return new ApiError("order_not_found", "there is no order " + orderId).toResponse(Response.Status.NOT_FOUND.getStatusCode());
        }
        OrderView view = OrderView.of(order.get(), queuePosition.estimate(order.get()).orElse(null));
        return Response.ok(OrderJson.write(view)).build();
    }
}
