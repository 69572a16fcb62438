package io.flashorders.inventory;

import io.flashorders.core.sale.InventoryUnavailableException;
import io.flashorders.core.sale.limit.Rate;
import io.flashorders.core.sale.limit.RateLimiter;
import io.flashorders.core.sale.limit.Slack;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimization;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link RateLimiter} on the inventory store: Bucket4j's token buckets, kept by its Lettuce backend (compare-and-swap
 * on one key per bucket), so every API instance draws on the same buckets. Greedy refill: a bucket of {@code 100/60s}
 * gets a token back every 0.6 s. A bucket's key expires 10 s after it would be full again, so idle clients cost the
 * store nothing. The connection is opened on first use, as the inventory's is, and shares its client and timeouts.
 *
 * <p>A bucket taken {@link Slack#EXACT exactly} (reserve's, checkout's) uses Bucket4j's batching optimization: requests
 * for one bucket that arrive while a call to the store for it is under way wait for it and then go together as one
 * call (one read and one compare-and-swap for all of them) instead of racing each other's compare-and-swap. Every
 * token is taken in the store, so those limits stay exact and shared by all instances.
 *
 * <p>A bucket taken with a slack (availability's) uses Bucket4j's delaying optimization with the slack as its
 * {@link DelayParameters}: the proxy keeps a copy of the bucket as last read, grants and refuses from it, and settles
 * with the store (the tokens it granted taken regardless of the limit, then the bucket read back, in one call) once it
 * has granted {@link Slack#tokens()} or {@link Slack#interval()} has passed since its last settlement. A refusal takes
 * nothing, so a client hammering an empty bucket is refused without calls to the store. The overshoot this allows is
 * {@link Slack}'s. A slack changed while the server runs builds the bucket's proxy again; the takes the old one had
 * not settled (at most its slack's tokens) are dropped, never charged.
 *
 * <p>The proxies are kept for the next request of the same bucket, up to {@value #KEPT_PROXIES}; past that the lot is
 * dropped and built again (which drops their unsettled takes too).
 */
public final class RedisRateLimiter implements RateLimiter, AutoCloseable {

    private static final Duration KEEP_FULL_BUCKETS = Duration.ofSeconds(10);
    private static final int KEPT_PROXIES = 10_000;

    private final RedisInventory store;
    private volatile StatefulConnection<String, byte[]> connection;
    private volatile LettuceBasedProxyManager<String> buckets;
    private final Map<String, Kept> proxies = new ConcurrentHashMap<>();

    /** A bucket's proxy and the slack it was built with. */
    private record Kept(BucketProxy bucket, Slack slack) {
    }

    private RedisRateLimiter(RedisInventory store) {
        this.store = store;
    }

    /** Buckets in the store this inventory uses; close the limiter before the inventory. */
    public static RedisRateLimiter sharing(RedisInventory inventory) {
        return new RedisRateLimiter(inventory);
    }

    @Override
    public Optional<Duration> tryTake(String key, Rate rate, Slack slack) {
        try {
            ConsumptionProbe probe = bucket(key, rate, slack).tryConsumeAndReturnRemaining(1);
            return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
        } catch (RedisException e) {
            throw new InventoryUnavailableException("the rate limits at " + store.location() + " failed: " + e.getMessage(), e);
        }
    }

    /** The key names its rate ({@code RateLimitPolicy}), so a kept proxy never serves another rate. */
    private BucketProxy bucket(String key, Rate rate, Slack slack) {
        Kept kept = proxies.get(key);
        if (kept != null && kept.slack().equals(slack)) {
            return kept.bucket();
        }
        if (kept == null && proxies.size() >= KEPT_PROXIES) {
            proxies.clear();
        }
        return proxies.compute(key, (k, current) -> current != null && current.slack().equals(slack) ? current
                : new Kept(buckets().builder().withOptimization(optimization(slack)).build(k, () -> configuration(rate)),
                        slack)).bucket();
    }

    private static Optimization optimization(Slack slack) {
        return slack.exact() ? Optimizations.batching()
                : Optimizations.delaying(new DelayParameters(slack.tokens(), slack.interval()));
    }

    private static BucketConfiguration configuration(Rate rate) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(rate.tokens()).refillGreedy(rate.tokens(), rate.period()).build())
                .build();
    }

    private LettuceBasedProxyManager<String> buckets() {
        LettuceBasedProxyManager<String> current = buckets;
        if (current == null) {
            synchronized (this) {
                current = buckets;
                if (current == null) {
                    StatefulConnection<String, byte[]> opened = store.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
                    connection = opened;
                    current = (opened instanceof StatefulRedisClusterConnection<String, byte[]> cluster
                            ? Bucket4jLettuce.casBasedBuilder(cluster)
                            : Bucket4jLettuce.casBasedBuilder((StatefulRedisConnection<String, byte[]>) opened))
                            .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_FULL_BUCKETS))
                            .build();
                    buckets = current;
                }
            }
        }
        return current;
    }

    @Override
    public void close() {
        StatefulConnection<String, byte[]> current = connection;
        if (current != null) {
            current.close();
        }
    }
}
