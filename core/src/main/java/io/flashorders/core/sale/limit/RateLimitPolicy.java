package io.flashorders.core.sale.limit;

import io.flashorders.core.sale.InventoryUnavailableException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Decides whether a sale request may go on: it takes a token from the customer's bucket (when the request names a
 * customer) and then from the address's bucket, each per sale and endpoint. The first empty bucket refuses the request
 * before anything else is done; the sale's own per-customer unit limit is a separate, later check.
 *
 * <p>Buckets are named {@code ratelimit:<sale>:<endpoint>:<identity>:<value>:<rate>}: a rate changed while the server
 * runs starts fresh (full) buckets, and the old ones expire. Each endpoint's buckets are taken with its {@link Slack}
 * ({@link RateLimits#slack}). While the store cannot be reached the limits let requests
 * through: the decision that follows fails with its own 503, and availability can still answer its last figures.
 */
public final class RateLimitPolicy {

    private static final Logger LOG = Logger.getLogger(RateLimitPolicy.class.getName());

    /** A refused request: which bucket was empty and how long until it has a token again. */
    public record Limited(Endpoint endpoint, Identity identity, Duration retryAfter) {

        /** Whole seconds for {@code Retry-After}, rounded up, at least 1. */
        public long retryAfterSeconds() {
            long millis = retryAfter.toMillis();
            return Math.max(1, (millis + 999) / 1000);
        }
    }

    private final RateLimiter limiter;

    public RateLimitPolicy(RateLimiter limiter) {
        this.limiter = limiter;
    }

    /**
     * @param customer the customer the request acts for, when known
     * @return the refusal, or empty when the request may go on (or the limits are off, or the store is down)
     */
    public Optional<Limited> check(RateLimits limits, Endpoint endpoint, String saleId, String address,
                                   OptionalLong customer) {
        if (!limits.enabled()) {
            return Optional.empty();
        }
        try {
            if (customer.isPresent()) {
                Optional<Limited> refused = take(limits, endpoint, saleId, Identity.CUSTOMER, Long.toString(customer.getAsLong()));
                if (refused.isPresent()) {
                    return refused;
                }
            }
            return take(limits, endpoint, saleId, Identity.IP, address);
        } catch (InventoryUnavailableException e) {
            LOG.log(Level.FINE, "rate limits not checked, the store is unreachable: {0}", e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<Limited> take(RateLimits limits, Endpoint endpoint, String saleId, Identity identity, String value) {
        Optional<Rate> rate = limits.rate(endpoint, identity);
        if (rate.isEmpty()) {
            return Optional.empty();
        }
        String key = "ratelimit:" + saleId + ":" + endpoint.wireName() + ":" + identity.wireName() + ":" + value + ":"
                + rate.get();
        return limiter.tryTake(key, rate.get(), limits.slack(endpoint)).map(wait -> new Limited(endpoint, identity, wait));
    }
}
