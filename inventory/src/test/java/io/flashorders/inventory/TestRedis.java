package io.flashorders.inventory;

import io.flashorders.core.sale.Sale;
import io.flashorders.local.LocalRedis;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A real redis-server shared by the tests of one JVM (port from inventory.test.redis.port, 0: any free one), the
 * inventory on it, and sales with fresh ids to open there, so that tests never see each other's keys.
 */
final class TestRedis {

    static final Instant START = Instant.parse("2026-12-03T10:00:00Z");

    private static LocalRedis shared;
    private static RedisInventory sharedInventory;

    private TestRedis() {
    }

    /** Started on first use, stopped when the JVM exits. */
    static synchronized RedisInventory sharedInventory() {
        if (shared == null) {
            shared = LocalRedis.start(Integer.getInteger("inventory.test.redis.port", 0));
            sharedInventory = inventory(shared);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                sharedInventory.close();
                shared.close();
            }));
        }
        return sharedInventory;
    }

    /** A second client of the shared server: another API instance. */
    static RedisInventory anotherInventory() {
        sharedInventory();
        return inventory(shared);
    }

    /** A server of the test's own, on any free port (the configured port is the shared server's). */
    static LocalRedis start() {
        return LocalRedis.start(0);
    }

    static RedisInventory inventory(LocalRedis redis) {
        return RedisInventory.connect(redis.endpoint().toString(), Duration.ofSeconds(2));
    }

    /** A sale with a fresh id, running from START for an hour. */
    static Sale sale(long stock, Duration hold, int limit) {
        return new Sale("s-" + UUID.randomUUID(), "phone-x", stock, new BigDecimal("499.00"), "EUR", START,
                START.plus(Duration.ofHours(1)), hold, limit, null);
    }
}
