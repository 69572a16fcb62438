package io.flashorders.order.api;

import io.flashorders.cdi.web.ApiError;
import io.flashorders.core.json.InvalidOrderException;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A submission the core refused: 400, naming every field at fault. */
@Provider
public class InvalidOrderMapper implements ExceptionMapper<InvalidOrderException> {

    @Inject
    OrderCounters counters;

    @Override
    public Response toResponse(InvalidOrderException e) {
        counters.rejected(e.code());
        return new ApiError(e.code(), e.getMessage(), e.problems()).toResponse(Response.Status.BAD_REQUEST.getStatusCode());
    }
}
