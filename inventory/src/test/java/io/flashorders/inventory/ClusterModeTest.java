package io.flashorders.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.core.sale.Decision;
import io.flashorders.core.sale.Sale;
import io.flashorders.core.sale.limit.Rate;
import io.flashorders.core.sale.limit.Slack;
import io.flashorders.core.testing.Waits;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/**
 * The inventory and the rate limits on a redis-server in cluster mode, as MemoryDB always runs: a one-node cluster
 * holding every slot. A script whose keys spanned slots would fail here with CROSSSLOT; the cluster client must follow
 * the topology the server reports.
 */
class ClusterModeTest {

    private static RedisServer server;
    private static RedisInventory inventory;
    private static RedisRateLimiter limits;

    @BeforeAll
    static void startACluster() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path nodes = Files.createTempFile("cluster-nodes", ".conf");
        Files.delete(nodes);
        server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                .setting("save \"\"").setting("appendonly no")
                .setting("cluster-enabled yes").setting("cluster-config-file " + nodes)
                .build();
        server.start();
        RedisClient plain = RedisClient.create("redis://127.0.0.1:" + port);
        try (StatefulRedisConnection<String, String> admin = plain.connect()) {
            admin.sync().clusterAddSlots(IntStream.range(0, 16_384).toArray());
            Waits.until("the one-node cluster at cluster_state:ok", Duration.ofSeconds(20),
                    () -> admin.sync().clusterInfo().contains("cluster_state:ok"));
        } finally {
            plain.shutdown();
        }
        inventory = RedisInventory.connect("redis://127.0.0.1:" + port, Duration.ofSeconds(2), true);
        limits = RedisRateLimiter.sharing(inventory);
    }

    @AfterAll
    static void stop() throws Exception {
        if (limits != null) {
            limits.close();
        }
        if (inventory != null) {
            inventory.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void aSaleOpensReservesAndChecksOut_inClusterMode() {
        Sale sale = TestRedis.sale(2, Duration.ofMinutes(2), 1);
        Instant now = TestRedis.START;

        assertTrue(inventory.open(sale, now));
        assertTrue(inventory.saleIds().contains(sale.saleId()));
        assertEquals(Decision.RESERVED, inventory.reserve(sale.saleId(), 1, "r-" + UUID.randomUUID(), Optional.empty(), now).decision());
        assertEquals(1, inventory.snapshot(sale.saleId()).orElseThrow().counts().reserved());
        assertTrue(inventory.reachable());
    }

    @Test
    void theRateLimitsShareBucketsInClusterMode() {
        String key = "ratelimit:test:" + UUID.randomUUID();
        Rate twoAMinute = Rate.parse("2/60s");

        List<Optional<Duration>> answers = List.of(limits.tryTake(key, twoAMinute, Slack.EXACT),
                limits.tryTake(key, twoAMinute, Slack.EXACT), limits.tryTake(key, twoAMinute, Slack.EXACT));

        assertEquals(Optional.empty(), answers.get(0));
        assertEquals(Optional.empty(), answers.get(1));
        assertTrue(answers.get(2).isPresent(), "the third take in a minute waits for a token");
    }
}
