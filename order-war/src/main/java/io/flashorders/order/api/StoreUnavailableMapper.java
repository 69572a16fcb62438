package io.flashorders.order.api;

import io.flashorders.cdi.web.ApiError;
import io.flashorders.core.processing.Reason;
import io.flashorders.core.store.StoreException;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The order store could not be reached: 503 with Retry-After. An order not recorded was not accepted. */
@Provider
public class StoreUnavailableMapper implements ExceptionMapper<StoreException> {

    private static final Logger LOG = Logger.getLogger(StoreUnavailableMapper.class.getName());

    @Inject
    OrderCounters counters;

    @Context
    Request request;

    @Override
    public Response toResponse(StoreException e) {
        LOG.log(Level.WARNING, e.getMessage(), e.getCause());
        if (HttpMethod.POST.equals(request.getMethod())) {
            counters.rejected(Reason.STORE_UNAVAILABLE.code());
        }
        return new ApiError(Reason.STORE_UNAVAILABLE.code(), "the order store could not be reached; nothing was accepted or changed")
                .unavailable(OrderReplies.RETRY_AFTER_UNAVAILABLE);
    }
}
