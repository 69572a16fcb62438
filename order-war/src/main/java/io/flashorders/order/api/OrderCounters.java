package io.flashorders.order.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/** orders.accepted{endpoint} and orders.rejected{reason}: what the API said yes and no to. */
@ApplicationScoped
public class OrderCounters {

    @Inject
    MetricRegistry metrics;

    public void accepted(String endpoint) {
        metrics.counter("orders.accepted", new Tag("endpoint", endpoint)).inc();
    }

    public void rejected(String reason) {
        metrics.counter("orders.rejected", new Tag("reason", reason)).inc();
    }
}
