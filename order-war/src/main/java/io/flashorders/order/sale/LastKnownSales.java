package io.flashorders.order.sale;

import io.flashorders.core.sale.SaleSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each sale's counts as last read from the inventory store (by a request or by the sweeper, about once a second):
 * what availability answers while the read is fresh (its cache, {@link #fresh}), what it answers, marked stale, while
 * the store is unreachable, and what the sale gauges report. A read's time is taken before the read, so a snapshot is
 * never newer than its time says.
 */
@ApplicationScoped
public class LastKnownSales {

    /** A snapshot and when it was read. */
    public record Known(SaleSnapshot snapshot, Instant readAt) {
    }

    private final Map<String, Known> sales = new ConcurrentHashMap<>();

    /** @return the read as kept */
    public Known update(SaleSnapshot snapshot, Instant readAt) {
        Known read = new Known(snapshot, readAt);
        sales.put(snapshot.sale().saleId(), read);
        return read;
    }

    /**
     * The last read if it was made less than {@code within} before {@code now}: what availability answers without
     * reading the store again, so its figures are at most {@code within} old. Empty for a zero {@code within}.
     */
    public Optional<Known> fresh(String saleId, Instant now, Duration within) {
        Known last = sales.get(saleId);
        return last != null && now.isBefore(last.readAt().plus(within)) ? Optional.of(last) : Optional.empty();
    }

    public Optional<Known> get(String saleId) {
        return Optional.ofNullable(sales.get(saleId));
    }

    public Collection<Known> all() {
        return sales.values();
    }
}
