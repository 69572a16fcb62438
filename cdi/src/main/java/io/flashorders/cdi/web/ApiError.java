package io.flashorders.cdi.web;

import io.flashorders.core.json.OrderJson;
import io.flashorders.core.json.Problem;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Every error the API answers with: a stable machine-readable code, a sentence for people, and for
 * invalid orders the list of fields at fault. Both WARs answer with it, the container's own errors included
 * ({@link ContainerErrorServlet}).
 */
public record ApiError(String error, String message, List<Problem> problems) {

    public ApiError(String error, String message) {
        this(error, message, List.of());
    }

    /** An error that is just its HTTP status, as the container or JAX-RS answers it: no path, no such method, ... */
    public static ApiError of(int status) {
        return new ApiError(code(status), switch (status) {
            case 400 -> "the request could not be read (a malformed request URI or header)";
            case 404 -> "nothing is served at this path";
            case 405 -> "this method is not allowed on this path";
            case 413 -> "the request body is too large";
            case 500 -> "the server failed while answering; it was logged";
            default -> "the request could not be answered";
        });
    }

    /** The code of an error that is just its HTTP status: the reason phrase in snake case ({@code not_found}). */
    public static String code(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known == null ? "http_" + status : known.getReasonPhrase().toLowerCase(Locale.ROOT).replace(' ', '_');
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
