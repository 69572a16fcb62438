package io.flashorders.order.sale;

import io.flashorders.core.sale.InventoryUnavailableException;
import io.flashorders.cdi.web.ApiError;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The inventory store could not be reached: 503 inventory_unavailable with Retry-After; nothing was decided. */
@Provider
public class InventoryUnavailableMapper implements ExceptionMapper<InventoryUnavailableException> {

    private static final Logger LOG = Logger.getLogger(InventoryUnavailableMapper.class.getName());
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    @Inject
    SaleMetrics metrics;

    @Override
    public Response toResponse(InventoryUnavailableException e) {
        LOG.log(Level.WARNING, e.getMessage());
        metrics.unavailable();
        return new ApiError("inventory_unavailable", "the sale's inventory could not be reached; nothing was held or changed")
                .unavailable(RETRY_AFTER);
    }
}
