package io.flashorders.order.api;

import io.flashorders.core.json.OrderJson;
import io.flashorders.core.json.Problem;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;

/**
 * Every error the API answers with: a stable machine-readable code, a sentence for people, and for
 * invalid orders the list of fields at fault.
 */
public record ApiError(String error, String message, List<Problem> problems) {

    public ApiError(String error, String message) {
        this(error, message, List.of());
    }

    public Response toResponse(int status) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(OrderJson.write(this)).build();
    }

    /** 503 with the Retry-After header, for a client that should come back rather than give up. */
    public Response unavailable(Duration retryAfter) {
        return Response.fromResponse(toResponse(Response.Status.SERVICE_UNAVAILABLE.getStatusCode()))
                .header("Retry-After", retryAfter.toSeconds()).build();
    }
}
