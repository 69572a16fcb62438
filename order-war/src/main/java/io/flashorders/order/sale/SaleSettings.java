package io.flashorders.order.sale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The sales' settings (docs/sales.md lists them); the admin token is read live, the rest at start. */
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

    public String redisUri() {
        return redisUri;
    }

    public Duration redisTimeout() {
        return Duration.ofMillis(redisTimeoutMillis);
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
}
