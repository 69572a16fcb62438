package io.flashorders.order.api;

import io.flashorders.cdi.web.ApiError;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.time.Duration;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;

/**
 * An endpoint already runs {@code orders.admission.max-in-flight} requests (its {@code @Bulkhead} is full): 503
 * {@code overloaded} with Retry-After, at once. The request never reached the resource, so nothing was recorded, queued
 * or charged.
 */
@Provider
public class OverloadedMapper implements ExceptionMapper<BulkheadException> {

    /** A full bulkhead empties within a request's time (tens of milliseconds): the shortest Retry-After HTTP can say. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    static final String CODE = "overloaded";

    @Inject
    OrderCounters counters;

    @Context
    Request request;

    @Override
    public Response toResponse(BulkheadException e) {
        if (HttpMethod.POST.equals(request.getMethod())) {
            counters.rejected(CODE);
        }
        return new ApiError(CODE, "the server is running as many requests as it takes at once; nothing was recorded, retry after Retry-After")
                .unavailable(RETRY_AFTER);
    }
}
