package io.flashorders.order.sale;

import io.flashorders.core.sale.SaleSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each sale's counts as last read from the inventory store (by a request or by the sweeper, about once a second):
 * what availability answers, marked stale, while the store is unreachable, and what the sale gauges report.
 */
@ApplicationScoped
public class LastKnownSales {

    /** A snapshot and when it was read. */
    public record Known(SaleSnapshot snapshot, Instant readAt) {
    }

    private final Map<String, Known> sales = new ConcurrentHashMap<>();

    public void update(SaleSnapshot snapshot, Instant readAt) {
        sales.put(snapshot.sale().saleId(), new Known(snapshot, readAt));
    }

    public Optional<Known> get(String saleId) {
        return Optional.ofNullable(sales.get(saleId));
    }

    public Collection<Known> all() {
        return sales.values();
    }
}
