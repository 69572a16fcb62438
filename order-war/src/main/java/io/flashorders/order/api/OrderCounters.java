package io.flashorders.order.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * orders.accepted{endpoint} and orders.rejected{reason}: what the API said yes and no to; orders.replayed{endpoint}:
 * requests answered with an earlier request's outcome (same Idempotency-Key, same order), nothing queued or paid.
 */
@ApplicationScoped
public class OrderCounters {

    @Inject
    MetricRegistry metrics;

    public void accepted(String endpoint) {
        metrics.counter("orders.accepted", new Tag("endpoint", endpoint)).inc();
    }

    public void replayed(String endpoint) {
        metrics.counter("orders.replayed", new Tag("endpoint", endpoint)).inc();
    }

    public void rejected(String reason) {
        metrics.counter("orders.rejected", new Tag("reason", reason)).inc();
    }
}
