package io.flashorders.inventory;

import io.flashorders.core.sale.InventoryUnavailableException;
import io.flashorders.core.sale.limit.Rate;
import io.flashorders.core.sale.limit.RateLimiter;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
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
 * <p>Each bucket's proxy uses Bucket4j's batching optimization: requests for one bucket that arrive while a call to
 * the store for it is under way wait for it and then go together as one call (one read and one compare-and-swap for
 * all of them) instead of racing each other's compare-and-swap. Every token is still taken in the store, so the
 * limits stay exact and shared by all instances. The proxies (handles, no state of their own) are kept for the next
 * request of the same bucket, up to {@value #KEPT_PROXIES}; past that the lot is dropped and built again.
 */
public final class RedisRateLimiter implements RateLimiter, AutoCloseable {

    private static final Duration KEEP_FULL_BUCKETS = Duration.ofSeconds(10);
    private static final int KEPT_PROXIES = 10_000;

    private final RedisInventory store;
    private volatile StatefulConnection<String, byte[]> connection;
    private volatile LettuceBasedProxyManager<String> buckets;
    private final Map<String, BucketProxy> proxies = new ConcurrentHashMap<>();

    private RedisRateLimiter(RedisInventory store) {
        this.store = store;
    }

    /** Buckets in the store this inventory uses; close the limiter before the inventory. */
    public static RedisRateLimiter sharing(RedisInventory inventory) {
        return new RedisRateLimiter(inventory);
    }

    @Override
    public Optional<Duration> tryTake(String key, Rate rate) {
        try {
            ConsumptionProbe probe = bucket(key, rate).tryConsumeAndReturnRemaining(1);
            return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
        } catch (RedisException e) {
            throw new InventoryUnavailableException("the rate limits at " + store.location() + " failed: " + e.getMessage(), e);
        }
    }

    /** The key names its rate ({@code RateLimitPolicy}), so a kept proxy never serves another rate. */
    private BucketProxy bucket(String key, Rate rate) {
        BucketProxy kept = proxies.get(key);
        if (kept != null) {
            return kept;
        }
        if (proxies.size() >= KEPT_PROXIES) {
            proxies.clear();
        }
        return proxies.computeIfAbsent(key, k -> buckets().builder().withOptimization(Optimizations.batching())
                .build(k, () -> configuration(rate)));
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
