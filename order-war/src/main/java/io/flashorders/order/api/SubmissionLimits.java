package io.flashorders.order.api;

import io.flashorders.core.money.OrderLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.util.Currency;
import org.eclipse.microprofile.config.Config;

/**
 * This deployment's {@link OrderLimits}, from MicroProfile Config: {@code orders.currency} (an ISO 4217 code, default
 * USD), {@code orders.max-unit-price}, {@code orders.max-quantity}, {@code orders.max-line-total} and
 * {@code orders.max-order-total} (defaults in {@link OrderLimits#defaults()}). Read once at start: a deployment does
 * not change its currency under orders in flight. A value that makes no sense (an unknown currency, a maximum of 0)
 * stops the application from starting.
 */
@ApplicationScoped
public class SubmissionLimits {

    @Inject
    Config config;

    @Produces
    @Singleton
    OrderLimits limits() {
        return from(config);
    }

    /** Also read by {@link LimitsInOpenApi}, which MicroProfile OpenAPI creates outside CDI. */
    static OrderLimits from(Config config) {
        OrderLimits defaults = OrderLimits.defaults();
        return new OrderLimits(
                config.getOptionalValue("orders.currency", String.class).map(Currency::getInstance).orElse(defaults.currency()),
                config.getOptionalValue("orders.max-unit-price", BigDecimal.class).orElse(defaults.maxUnitPrice()),
                config.getOptionalValue("orders.max-quantity", Long.class).orElse(defaults.maxQuantity()),
                config.getOptionalValue("orders.max-line-total", BigDecimal.class).orElse(defaults.maxLineTotal()),
                config.getOptionalValue("orders.max-order-total", BigDecimal.class).orElse(defaults.maxOrderTotal()));
    }
}
