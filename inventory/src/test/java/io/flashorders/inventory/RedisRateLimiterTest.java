package io.flashorders.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.core.sale.InventoryUnavailableException;
import io.flashorders.core.sale.limit.Rate;
import io.flashorders.local.LocalRedis;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** Bucket4j's buckets on a real redis-server, as the API instances share them. */
class RedisRateLimiterTest {

    private static String key() {
        return "ratelimit:test:" + UUID.randomUUID();
    }

    @Test
    void twoInstancesDrawOnOneBucketWhichRefills() {
        Rate rate = Rate.parse("3/600ms");
        String key = key();
        try (RedisInventory other = TestRedis.anotherInventory();
             RedisRateLimiter one = RedisRateLimiter.sharing(TestRedis.sharedInventory());
             RedisRateLimiter two = RedisRateLimiter.sharing(other)) {
            assertEquals(Optional.empty(), one.tryTake(key, rate));
            assertEquals(Optional.empty(), two.tryTake(key, rate));
            assertEquals(Optional.empty(), one.tryTake(key, rate));
            Duration wait = two.tryTake(key, rate).orElseThrow(() -> new AssertionError("the fourth token was taken"));
            assertTrue(wait.compareTo(Duration.ZERO) > 0 && wait.compareTo(Duration.ofMillis(200)) <= 0,
                    "a token comes back every 200 ms: " + wait);
            assertTrue(one.tryTake(key, rate).isPresent(), "the other instance sees the empty bucket too");
            assertTrue(one.tryTake(key(), rate).isEmpty(), "another key is another bucket");

            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            Optional<Duration> again;
            while ((again = one.tryTake(key, rate)).isPresent() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(again.get().toNanos());
            }
            assertEquals(Optional.empty(), again, "refilled");
        }
    }

    @Test
    void aBucketsKeyExpiresOnceItWouldBeFullAgain() {
        String key = key();
        try (RedisRateLimiter limiter = RedisRateLimiter.sharing(TestRedis.sharedInventory())) {
            limiter.tryTake(key, Rate.parse("5/2s"));
            try (StatefulRedisConnection<String, String> c = (StatefulRedisConnection<String, String>)
                    TestRedis.sharedInventory().connect(StringCodec.UTF8)) {
                long ttl = c.sync().pttl(key);
                assertTrue(ttl > 0 && ttl <= Duration.ofSeconds(12).toMillis(), "expires within refill + 10 s: " + ttl);
            }
        }
    }

    @Test
    void anUnreachableStoreFailsFast() {
        try (LocalRedis own = TestRedis.start(); RedisInventory store = TestRedis.inventory(own);
             RedisRateLimiter limiter = RedisRateLimiter.sharing(store)) {
            String key = key();
            assertEquals(Optional.empty(), limiter.tryTake(key, Rate.parse("1/1m")));
            own.close();
            long started = System.nanoTime();
            assertThrows(InventoryUnavailableException.class, () -> limiter.tryTake(key, Rate.parse("1/1m")));
            assertTrue(System.nanoTime() - started < Duration.ofSeconds(3).toNanos(), "refused within the timeout");
        }
    }
}
