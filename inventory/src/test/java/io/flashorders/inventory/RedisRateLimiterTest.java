package io.flashorders.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.core.sale.InventoryUnavailableException;
import io.flashorders.core.sale.limit.Rate;
import io.flashorders.core.sale.limit.Slack;
import io.flashorders.local.LocalRedis;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Bucket4j's buckets on a real redis-server, as the API instances share them. */
class RedisRateLimiterTest {

    /** A slack whose interval outlasts every test: its instances settle by tokens only. */
    private static final Slack FIVE_UNSYNCED = new Slack(5, Duration.ofMinutes(5));

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
            assertEquals(Optional.empty(), one.tryTake(key, rate, Slack.EXACT));
            assertEquals(Optional.empty(), two.tryTake(key, rate, Slack.EXACT));
            assertEquals(Optional.empty(), one.tryTake(key, rate, Slack.EXACT));
            Duration wait = two.tryTake(key, rate, Slack.EXACT).orElseThrow(() -> new AssertionError("the fourth token was taken"));
            assertTrue(wait.compareTo(Duration.ZERO) > 0 && wait.compareTo(Duration.ofMillis(200)) <= 0,
                    "a token comes back every 200 ms: " + wait);
            assertTrue(one.tryTake(key, rate, Slack.EXACT).isPresent(), "the other instance sees the empty bucket too");
            assertTrue(one.tryTake(key(), rate, Slack.EXACT).isEmpty(), "another key is another bucket");

            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            Optional<Duration> again;
            while ((again = one.tryTake(key, rate, Slack.EXACT)).isPresent() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(again.get().toNanos());
            }
            assertEquals(Optional.empty(), again, "refilled");
        }
    }

    @Test
    void aBucketsKeyExpiresOnceItWouldBeFullAgain() {
        String key = key();
        try (RedisRateLimiter limiter = RedisRateLimiter.sharing(TestRedis.sharedInventory())) {
            limiter.tryTake(key, Rate.parse("5/2s"), Slack.EXACT);
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
            assertEquals(Optional.empty(), limiter.tryTake(key, Rate.parse("1/1m"), Slack.EXACT));
            own.close();
            long started = System.nanoTime();
            assertThrows(InventoryUnavailableException.class, () -> limiter.tryTake(key, Rate.parse("1/1m"), Slack.EXACT));
            assertTrue(System.nanoTime() - started < Duration.ofSeconds(3).toNanos(), "refused within the timeout");
        }
    }

    @Test
    void withASlackTwoInstancesStillShareOneBucketWithinTheBoundAndRefuseWithAWait() {
        Rate rate = Rate.parse("40/1h");
        String key = key();
        try (LocalRedis own = TestRedis.start(); RedisInventory first = TestRedis.inventory(own);
             RedisInventory second = TestRedis.inventory(own);
             RedisRateLimiter one = RedisRateLimiter.sharing(first); RedisRateLimiter two = RedisRateLimiter.sharing(second);
             StoreCalls store = new StoreCalls(first)) {
            long started = System.nanoTime();
            int granted = 0;
            Optional<Duration> oneWaits = Optional.empty();
            Optional<Duration> twoWaits = Optional.empty();
            for (int i = 0; i < 1_000 && (oneWaits.isEmpty() || twoWaits.isEmpty()); i++) {
                oneWaits = one.tryTake(key, rate, FIVE_UNSYNCED);
                twoWaits = two.tryTake(key, rate, FIVE_UNSYNCED);
                granted += (oneWaits.isEmpty() ? 1 : 0) + (twoWaits.isEmpty() ? 1 : 0);
            }
            long refilled = (System.nanoTime() - started) / (rate.period().toNanos() / rate.tokens()) + 1;
            long overshoot = 2 * FIVE_UNSYNCED.tokens();
            assertTrue(oneWaits.isPresent() && twoWaits.isPresent(), "both instances refuse in the end");
            assertTrue(granted >= rate.tokens(), "an instance's copy never refuses while the bucket has tokens: " + granted);
            assertTrue(granted <= rate.tokens() + overshoot + refilled,
                    "at most the bucket, its refill and each instance's unsynced tokens: " + granted);

            Duration perToken = rate.period().dividedBy(rate.tokens());
            for (Duration wait : List.of(oneWaits.get(), twoWaits.get())) {
                assertTrue(wait.compareTo(Duration.ZERO) > 0 && wait.compareTo(perToken.multipliedBy(overshoot + 1)) <= 0,
                        "a token is back once the overshoot is repaid: " + wait);
            }

            // A client hammering the emptied bucket is refused from each instance's copy, without calls to the store
            // (a token a copy regains meanwhile, one every 90 s, is granted from the copy too).
            store.reset();
            int refused = 0;
            for (int i = 0; i < 100; i++) {
                refused += (one.tryTake(key, rate, FIVE_UNSYNCED).isPresent() ? 1 : 0)
                        + (two.tryTake(key, rate, FIVE_UNSYNCED).isPresent() ? 1 : 0);
            }
            assertTrue(refused >= 198, "refused " + refused + " of 200");
            assertEquals(0, store.calls(), "refusals from the copies: " + store.stats());
        }
    }

    @Test
    void aSlackSettlesWithTheStoreOncePerItsTokensAndAChangedSlackTakesEffectAtOnce() {
        Rate plenty = Rate.parse("1000000/1s");
        int takes = 210;
        try (LocalRedis own = TestRedis.start(); RedisInventory store = TestRedis.inventory(own);
             RedisRateLimiter limiter = RedisRateLimiter.sharing(store); StoreCalls calls = new StoreCalls(store)) {
            String exactKey = key();
            limiter.tryTake(exactKey, plenty, Slack.EXACT);
            calls.reset();
            for (int i = 0; i < takes; i++) {
                assertEquals(Optional.empty(), limiter.tryTake(exactKey, plenty, Slack.EXACT));
            }
            long exact = calls.calls();
            assertTrue(exact >= takes, "exact: every take calls the store: " + calls.stats());
            double perSettlement = (double) exact / takes;

            String key = key();
            Slack slack = new Slack(20, Duration.ofMinutes(5));
            limiter.tryTake(key, plenty, slack);
            calls.reset();
            for (int i = 0; i < takes; i++) {
                assertEquals(Optional.empty(), limiter.tryTake(key, plenty, slack));
            }
            long settlements = (takes + slack.tokens()) / (slack.tokens() + 1);
            long delayed = calls.calls();
            assertTrue(delayed > 0 && delayed <= Math.round(perSettlement * settlements),
                    "one settlement per " + (slack.tokens() + 1) + " takes: " + delayed + " calls against " + exact
                            + " exact: " + calls.stats());

            calls.reset();
            for (int i = 0; i < 10; i++) {
                assertEquals(Optional.empty(), limiter.tryTake(key, plenty, Slack.EXACT));
            }
            assertTrue(calls.calls() >= 10, "the same bucket taken exactly calls the store every time: " + calls.stats());
        }
    }

    /** The commands redis-server ran (INFO commandstats, scripts' own commands included), INFO and CONFIG aside. */
    private static final class StoreCalls implements AutoCloseable {
        private final StatefulRedisConnection<String, String> connection;

        @SuppressWarnings("unchecked")
        StoreCalls(RedisInventory store) {
            connection = (StatefulRedisConnection<String, String>) store.connect(StringCodec.UTF8);
        }

        void reset() {
            connection.sync().configResetstat();
        }

        String stats() {
            return connection.sync().info("commandstats").trim().replace("\r\n", "; ");
        }

        long calls() {
            long calls = 0;
            for (String line : connection.sync().info("commandstats").split("\r?\n")) {
                Matcher m = COMMAND_CALLS.matcher(line);
                if (m.find() && !m.group(1).equals("info") && !m.group(1).startsWith("config")) {
                    calls += Long.parseLong(m.group(2));
                }
            }
            return calls;
        }

        @Override
        public void close() {
            connection.close();
        }
    }

    private static final Pattern COMMAND_CALLS = Pattern.compile("^cmdstat_([a-z|_-]+):calls=(\\d+)");
}
