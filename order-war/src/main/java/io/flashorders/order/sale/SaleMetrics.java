package io.flashorders.order.sale;

import io.flashorders.core.sale.Decision;
import io.flashorders.core.sale.StockCounts;
import io.flashorders.core.sale.limit.RateLimitPolicy;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The sales' metrics: sale.decisions{outcome} (every reserve, cancel, checkout and settlement by what was decided),
 * sale.expiries (holds the sweeper expired), sale.reservation.latency (a reserve's round trip to the store),
 * sale.units{sale,state} (available, reserved, checking_out, sold; as last read, about once a second) and
 * sale.oversell.count, units sold beyond the stock over every sale, which must stay 0; sale.rate.limited{endpoint,
 * identity}, requests refused by a rate limit.
 */
@ApplicationScoped
public class SaleMetrics {

    @Inject
    MetricRegistry metrics;

    @Inject
    LastKnownSales known;

    private final Set<String> gauged = ConcurrentHashMap.newKeySet();
    /** The hot path's metrics, looked up once: a registry lookup builds a metric id each time. */
    private final Map<Decision, Counter> decisions = new ConcurrentHashMap<>();
    private volatile Timer reservationLatency;

    @PostConstruct
    void register() {
        metrics.gauge(Metadata.builder().withName("sale.oversell.count")
                        .withDescription("Units sold beyond their sale's stock, over every sale: must stay 0").build(),
                known, k -> k.all().stream().mapToLong(s -> s.snapshot().counts().oversold()).sum());
    }

    public void decided(Decision decision) {
        decided(decision, 1);
    }

    public void decided(Decision decision, long times) {
        if (times > 0) {
            decisions.computeIfAbsent(decision, d -> metrics.counter("sale.decisions", new Tag("outcome", d.wireName())))
                    .inc(times);
        }
    }

    public void unavailable() {
        metrics.counter("sale.decisions", new Tag("outcome", "inventory_unavailable")).inc();
    }

    /** A request refused by a rate limit: sale.rate.limited{endpoint, identity}. */
    public void rateLimited(RateLimitPolicy.Limited limited) {
        metrics.counter("sale.rate.limited", new Tag("endpoint", limited.endpoint().wireName()),
                new Tag("identity", limited.identity().wireName())).inc();
    }

    public void expired(int holds) {
        if (holds > 0) {
            metrics.counter("sale.expiries").inc(holds);
        }
    }

    public void reservationTook(Duration latency) {
        Timer timer = reservationLatency;
        if (timer == null) {
            timer = metrics.timer("sale.reservation.latency");
            reservationLatency = timer;
        }
        timer.update(latency);
    }

    /** Registers the sale's unit gauges on first sight. */
    public void watch(String saleId) {
        if (gauged.add(saleId)) {
            units(saleId, "available", StockCounts::available);
            units(saleId, "reserved", StockCounts::reserved);
            units(saleId, "checking_out", StockCounts::checkingOut);
            units(saleId, "sold", StockCounts::sold);
        }
    }

    private void units(String saleId, String state, ToLongFunction<StockCounts> count) {
        metrics.gauge("sale.units", () -> known.get(saleId).map(k -> count.applyAsLong(k.snapshot().counts())).orElse(0L),
                new Tag("sale", saleId), new Tag("state", state));
    }
}
