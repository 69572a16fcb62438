package io.flashorders.order.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.metrics.Counter;
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

    /** Each counter looked up once: a registry lookup builds a metric id and its tags, on every request otherwise. */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public void accepted(String endpoint) {
        counter("orders.accepted", "endpoint", endpoint).inc();
    }

    public void replayed(String endpoint) {
        counter("orders.replayed", "endpoint", endpoint).inc();
    }

    public void rejected(String reason) {
        counter("orders.rejected", "reason", reason).inc();
    }

    private Counter counter(String name, String tag, String value) {
        return counters.computeIfAbsent(name + '\u0000' + value, k -> metrics.counter(name, new Tag(tag, value)));
    }
}
