package io.flashorders.order.sale;

import io.flashorders.core.sale.limit.Rate;
import io.flashorders.core.sale.limit.RateLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The sales' settings (docs/configuration.md lists them); the admin token is read live on every request, the rate
 * limits live at most once a second ({@link #LIVE_REREAD}), the rest at start. Every rate is checked when the application starts: one that is not a rate stops the
 * start, naming its key.
 */
@ApplicationScoped
public class SaleSettings {

    /** The inventory store: {@code redis://host:port}, or {@code rediss://user:password@host:port} (MemoryDB, TLS). */
    @Inject
    @ConfigProperty(name = "sales.redis.uri")
    String redisUri;

    /** The most one inventory command may take before the request gets 503 inventory_unavailable. */
    @Inject
    @ConfigProperty(name = "sales.redis.timeout.ms")
    long redisTimeoutMillis;

    /** True for a store in cluster mode (MemoryDB always is): the client then follows the cluster's topology. */
    @Inject
    @ConfigProperty(name = "sales.redis.cluster")
    boolean redisCluster;

    /**
     * The bearer secret of the admin endpoints. No default: unset, every admin request is refused. Set it from the
     * environment (SALES_ADMIN_TOKEN) or a secret store, never in a file of the repository.
     */
    @Inject
    @ConfigProperty(name = "sales.admin.token")
    Provider<Optional<String>> adminToken;

    /** How often the sweeper expires holds and settles checkouts (about once a second). */
    @Inject
    @ConfigProperty(name = "sales.sweep.interval.ms")
    long sweepIntervalMillis;

    /** How many holds it expires and checkouts it settles per sale and pass. */
    @Inject
    @ConfigProperty(name = "sales.sweep.batch")
    int sweepBatch;

    /**
     * How long a checkout may stay without a recorded order before its unit is released: well above the order
     * store's call timeout, so that a write still under way is not taken for a lost one.
     */
    @Inject
    @ConfigProperty(name = "sales.checkout.settle-grace.ms")
    long settleGraceMillis;

    /** How long a CDN or browser may reuse an availability answer. */
    @Inject
    @ConfigProperty(name = "sales.availability.max-age.s")
    int availabilityMaxAgeSeconds;

    /**
     * How long this instance answers availability from its last read of a sale (250 ms) before it reads the store
     * again: the bound on how old the figures it answers are, on top of any CDN's max-age. 0 reads on every request.
     * Less than {@code sales.availability.max-age.s}, or 0; checked at start. Reserve still decides in the store, so
     * the cache never lets a unit be sold twice.
     */
    @Inject
    @ConfigProperty(name = "sales.availability.cache.ms")
    long availabilityCacheMillis;

    /** Whether reserve, checkout and availability are rate limited at all (true). */
    @Inject
    @ConfigProperty(name = "sales.rate-limit.enabled")
    Provider<Boolean> rateLimitEnabled;

    /**
     * How many proxies we run in front of the API (0 locally, 1 behind the load balancer, 2 behind a CDN and the load
     * balancer): the client's address is the X-Forwarded-For entry the outermost of them added.
     */
    @Inject
    @ConfigProperty(name = "sales.rate-limit.trusted-hops")
    Provider<Integer> trustedHops;

    /** Token buckets, {@code tokens/period}: reserve per address (100/60s) and per customer (10/60s). */
    @Inject
    @ConfigProperty(name = "sales.rate-limit.reserve.per-ip")
    Provider<String> reservePerIp;

    @Inject
    @ConfigProperty(name = "sales.rate-limit.reserve.per-customer")
    Provider<String> reservePerCustomer;

    /** Checkout per address (100/60s) and per customer (10/60s). */
    @Inject
    @ConfigProperty(name = "sales.rate-limit.checkout.per-ip")
    Provider<String> checkoutPerIp;

    @Inject
    @ConfigProperty(name = "sales.rate-limit.checkout.per-customer")
    Provider<String> checkoutPerCustomer;

    /** Availability per address (1000/60s): looser, a customer refreshes it. */
    @Inject
    @ConfigProperty(name = "sales.rate-limit.availability.per-ip")
    Provider<String> availabilityPerIp;

    /** How long a read of the live rate-limit settings serves: a change takes effect within it. */
    static final Duration LIVE_REREAD = Duration.ofSeconds(1);

    /** The clock of {@link #LIVE_REREAD}; tests move it. */
    LongSupplier nanoTime = System::nanoTime;
    private volatile Live live;

    private final LiveRate reserveIp = new LiveRate("sales.rate-limit.reserve.per-ip");
    private final LiveRate reserveCustomer = new LiveRate("sales.rate-limit.reserve.per-customer");
    private final LiveRate checkoutIp = new LiveRate("sales.rate-limit.checkout.per-ip");
    private final LiveRate checkoutCustomer = new LiveRate("sales.rate-limit.checkout.per-customer");
    private final LiveRate availabilityIp = new LiveRate("sales.rate-limit.availability.per-ip");

    /**
     * Reads every rate and the availability cache once, so that a bad value fails the application's start (the
     * message names the key) instead of every request that would read it.
     */
    void validate(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        readRateLimits();
        checkAvailabilityCache();
    }

    public String redisUri() {
        return redisUri;
    }

    public Duration redisTimeout() {
        return Duration.ofMillis(redisTimeoutMillis);
    }

    public boolean redisCluster() {
        return redisCluster;
    }

    public Optional<String> adminToken() {
        return adminToken.get().filter(token -> !token.isBlank());
    }

    public Duration sweepInterval() {
        return Duration.ofMillis(sweepIntervalMillis);
    }

    public int sweepBatch() {
        return sweepBatch;
    }

    public Duration settleGrace() {
        return Duration.ofMillis(settleGraceMillis);
    }

    public int availabilityMaxAgeSeconds() {
        return availabilityMaxAgeSeconds;
    }

    /** How long availability is answered from this instance's last read (checked at start by {@link #validate}). */
    public Duration availabilityCache() {
        return Duration.ofMillis(availabilityCacheMillis);
    }

    private void checkAvailabilityCache() {
        if (availabilityCacheMillis < 0 || availabilityCacheMillis > 0
                && availabilityCacheMillis >= availabilityMaxAgeSeconds * 1000L) {
            throw new IllegalArgumentException("sales.availability.cache.ms: " + availabilityCacheMillis
                    + " must be 0, or less than sales.availability.max-age.s (" + availabilityMaxAgeSeconds
                    + " s) so that no answer is older than clients are told they may reuse it");
        }
    }

    /** The limits as configured, read again at most once a {@link #LIVE_REREAD}. */
    public RateLimits rateLimits() {
        return live().limits();
    }

    public int trustedHops() {
        return live().trustedHops();
    }

    /**
     * The rate-limit settings as last read. Reading MicroProfile Config costs a reserve more CPU than its buckets'
     * calls to the store (seven keys through every config source), so a read serves every request for a second;
     * a value changed while the server runs takes effect within that second.
     */
    private Live live() {
        Live current = live;
        long now = nanoTime.getAsLong();
        if (current == null || now - current.readAt() >= LIVE_REREAD.toNanos()) {
            current = new Live(readRateLimits(), trustedHops.get(), now);
            live = current;
        }
        return current;
    }

    private RateLimits readRateLimits() {
        return new RateLimits(rateLimitEnabled.get(), reserveIp.of(reservePerIp), reserveCustomer.of(reservePerCustomer),
                checkoutIp.of(checkoutPerIp), checkoutCustomer.of(checkoutPerCustomer), availabilityIp.of(availabilityPerIp));
    }

    private record Live(RateLimits limits, int trustedHops, long readAt) {
    }

    /**
     * A rate read live: a value changed to something that is not a rate keeps the last good one (and says so in the
     * log), so a typo made while the sale runs does not turn every request into an error. With no good value yet (the
     * first read, which {@link #validate} makes at start) it throws, naming the key.
     */
    static final class LiveRate {
        private static final Logger LOG = Logger.getLogger(SaleSettings.class.getName());
        private final String key;
        private final AtomicReference<Rate> last = new AtomicReference<>();
        private final AtomicReference<String> lastText = new AtomicReference<>();
        private final AtomicReference<String> lastBad = new AtomicReference<>();

        LiveRate(String key) {
            this.key = key;
        }

        Rate of(Provider<String> value) {
            String text = value.get();
            Rate good = last.get();
            if (good != null && text.equals(lastText.get())) {
                return good;
            }
            try {
                Rate parsed = Rate.parse(text);
                last.set(parsed);
                lastText.set(text);
                return parsed;
            } catch (IllegalArgumentException e) {
                if (good == null) {
                    throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
                }
                if (!text.equals(lastBad.getAndSet(text))) {
                    LOG.warning(() -> key + " ignored, still " + good + ": " + e.getMessage());
                }
                return good;
            }
        }
    }
}
