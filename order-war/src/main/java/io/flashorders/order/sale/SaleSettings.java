package io.flashorders.order.sale;

import io.flashorders.core.sale.limit.Rate;
import io.flashorders.core.sale.limit.RateLimits;
import io.flashorders.core.sale.limit.Slack;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The sales' settings (docs/configuration.md lists them); the admin token is read live on every request, the rate
 * limits live at most once a second ({@link #LIVE_REREAD}), the rest at start. Every rate-limit setting is checked when
 * the application starts: one that is not a rate (or a number, where one is due) stops the start, naming its key.
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

    /**
     * How many tokens of an address's availability bucket an instance may grant from its own copy before it settles
     * with the store (20): the most each instance may grant beyond the bucket, paid back from its refill. 0 takes every
     * token in the store, as reserve and checkout always do.
     */
    @Inject
    @ConfigProperty(name = "sales.rate-limit.availability.unsynced-tokens")
    Provider<String> availabilityUnsyncedTokens;

    /**
     * The longest an instance answers from its copy of an availability bucket before it settles with the store (1000
     * ms): how soon it sees other instances' takes, and how often an emptied bucket is asked again while a client
     * keeps being refused.
     */
    @Inject
    @ConfigProperty(name = "sales.rate-limit.availability.sync.ms")
    Provider<String> availabilitySyncMillis;

    /** How long a read of the live rate-limit settings serves: a change takes effect within it. */
    static final Duration LIVE_REREAD = Duration.ofSeconds(1);

    /** The clock of {@link #LIVE_REREAD}; tests move it. */
    LongSupplier nanoTime = System::nanoTime;
    private volatile LiveLimits live;

    private final Live<Rate> reserveIp = new Live<>("sales.rate-limit.reserve.per-ip", Rate::parse);
    private final Live<Rate> reserveCustomer = new Live<>("sales.rate-limit.reserve.per-customer", Rate::parse);
    private final Live<Rate> checkoutIp = new Live<>("sales.rate-limit.checkout.per-ip", Rate::parse);
    private final Live<Rate> checkoutCustomer = new Live<>("sales.rate-limit.checkout.per-customer", Rate::parse);
    private final Live<Rate> availabilityIp = new Live<>("sales.rate-limit.availability.per-ip", Rate::parse);
    private final Live<Long> unsyncedTokens = new Live<>("sales.rate-limit.availability.unsynced-tokens",
            text -> atLeast(text, 0));
    private final Live<Long> syncMillis = new Live<>("sales.rate-limit.availability.sync.ms", text -> atLeast(text, 1));

    /**
     * Reads every rate-limit setting and the availability cache once, so that a bad value fails the application's start (the
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
     * calls to the store (nine keys through every config source), so a read serves every request for a second;
     * a value changed while the server runs takes effect within that second.
     */
    private LiveLimits live() {
        LiveLimits current = live;
        long now = nanoTime.getAsLong();
        if (current == null || now - current.readAt() >= LIVE_REREAD.toNanos()) {
            current = new LiveLimits(readRateLimits(), trustedHops.get(), now);
            live = current;
        }
        return current;
    }

    private RateLimits readRateLimits() {
        Slack availabilitySlack = new Slack(unsyncedTokens.of(availabilityUnsyncedTokens),
                Duration.ofMillis(syncMillis.of(availabilitySyncMillis)));
        return new RateLimits(rateLimitEnabled.get(), reserveIp.of(reservePerIp), reserveCustomer.of(reservePerCustomer),
                checkoutIp.of(checkoutPerIp), checkoutCustomer.of(checkoutPerCustomer), availabilityIp.of(availabilityPerIp),
                availabilitySlack);
    }

    private static long atLeast(String text, long least) {
        long value = Long.parseLong(text.trim());
        if (value < least) {
            throw new IllegalArgumentException("must be at least " + least + ": " + value);
        }
        return value;
    }

    private record LiveLimits(RateLimits limits, int trustedHops, long readAt) {
    }

    /**
     * A setting read live: a value changed to something that does not parse keeps the last good one (and says so in the
     * log), so a typo made while the sale runs does not turn every request into an error. With no good value yet (the
     * first read, which {@link #validate} makes at start) it throws, naming the key.
     */
    static final class Live<T> {
        private static final Logger LOG = Logger.getLogger(SaleSettings.class.getName());
        private final String key;
        /** Throws IllegalArgumentException (NumberFormatException is one) for a bad value. */
        private final Function<String, T> parser;
        private final AtomicReference<T> last = new AtomicReference<>();
        private final AtomicReference<String> lastText = new AtomicReference<>();
        private final AtomicReference<String> lastBad = new AtomicReference<>();

        Live(String key, Function<String, T> parser) {
            this.key = key;
            this.parser = parser;
        }

        T of(Provider<String> value) {
            String text = value.get();
            T good = last.get();
            if (good != null && text.equals(lastText.get())) {
                return good;
            }
            try {
                T parsed = parser.apply(text);
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
