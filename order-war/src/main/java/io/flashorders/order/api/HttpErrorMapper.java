package io.flashorders.order.api;

import io.flashorders.cdi.web.ApiError;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Protocol-level refusals (wrong content type or charset, body too large, unknown path, method not allowed, with its
 * Allow header) in the API's JSON error form.
 */
@Provider
public class HttpErrorMapper implements ExceptionMapper<WebApplicationException> {

    @Inject
    OrderCounters counters;

    @Override
    public Response toResponse(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        ApiError error;
        if (e instanceof NotSupportedException) {
            error = new ApiError(ApiError.code(status), "Content-Type must be application/json");
        } else if (e instanceof NotFoundException || e instanceof NotAllowedException) {
            error = ApiError.of(status);
        } else {
            error = new ApiError(ApiError.code(status), e.getMessage());
        }
        if (status == 413 || status == 415) {
            counters.rejected(error.error());
        }
        Response response = error.toResponse(status);
        String allowed = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        return allowed == null ? response : Response.fromResponse(response).header(HttpHeaders.ALLOW, allowed).build();
    }
}
