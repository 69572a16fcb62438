package io.flashorders.order.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;

/** Protocol-level refusals (wrong content type, body too large, unknown path or method) in the API's JSON error form. */
@Provider
public class HttpErrorMapper implements ExceptionMapper<WebApplicationException> {

    @Inject
    OrderCounters counters;

    @Override
    public Response toResponse(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        String code = status.getReasonPhrase().toLowerCase(Locale.ROOT).replace(' ', '_');
        String message = e instanceof NotSupportedException ? "Content-Type must be application/json" : e.getMessage();
        if (status.getStatusCode() == 413 || status.getStatusCode() == 415) {
            counters.rejected(code);
        }
        return new ApiError(code, message).toResponse(status.getStatusCode());
    }
}
