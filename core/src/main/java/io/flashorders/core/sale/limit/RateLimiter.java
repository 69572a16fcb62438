package io.flashorders.core.sale.limit;

import java.time.Duration;
import java.util.Optional;

/** Token buckets by key, shared by every API instance (the inventory store keeps them). */
public interface RateLimiter {

    /**
     * Takes one token from the bucket {@code key} of the given rate, creating it full on first use.
     *
     * @param slack how far this instance may decide from its own copy of the bucket ({@link Slack#EXACT}: never)
     * @return empty when a token was taken; otherwise how long until one is back (nothing was taken)
     * @throws io.flashorders.core.sale.InventoryUnavailableException when the store cannot be reached
     */
    Optional<Duration> tryTake(String key, Rate rate, Slack slack);
}
