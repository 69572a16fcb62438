package io.flashorders.bench;

import io.flashorders.core.sale.Decision;
import io.flashorders.core.sale.Sale;
import io.flashorders.inventory.RedisInventory;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The sale's decisions on the inventory store alone, without HTTP: the product's own adapter ({@link RedisInventory},
 * one shared Lettuce connection, scripts by digest) against the local redis-server, and the raw baseline beside it: a
 * script that answers at once ({@code return 1}) on a key of its own, through one shared Lettuce connection too, so
 * that the ratio shows what the reservation script and its Java side cost over the round trip and the client.
 */
public final class SaleEngine implements AutoCloseable {

    /** Far more than any phase reserves, so that every attempt of the "units left" phase finds one. */
    static final long ENGINE_STOCK = 10_000_000;

    private final RedisInventory inventory;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> raw;

    public SaleEngine(String uri) {
        this.inventory = RedisInventory.connect(uri, Duration.ofSeconds(5));
        this.client = RedisClient.create(uri);
        this.raw = client.connect();
    }

    public RedisInventory inventory() {
        return inventory;
    }

    /** The redis-server's process id, from INFO, for its CPU. */
    public long serverPid() {
        for (String line : raw.sync().info("server").split("\r?\n")) {
            if (line.startsWith("process_id:")) {
                return Long.parseLong(line.substring("process_id:".length()).trim());
            }
        }
        throw new IllegalStateException("INFO server names no process_id");
    }

    /** The raw baseline: EVALSHA of {@code return 1}, as fast as the server answers. */
    public LoadResult baseline(int concurrency, int seconds) throws Exception {
        RedisCommands<String, String> commands = raw.sync();
        String digest = commands.scriptLoad("return 1");
        String[] keys = {"bench:{baseline}"};
        return ClosedLoop.run(concurrency, seconds,
                sequence -> Long.valueOf(1).equals(commands.evalsha(digest, ScriptOutputType.INTEGER, keys)));
    }

    /**
     * Reserve attempts, each from a new customer, as fast as the store answers. {@code expected} is the decision that
     * counts: RESERVED on a sale with units left, SOLD_OUT on one without (what most of a real sale's attempts get).
     */
    public LoadResult reserve(String saleId, Decision expected, int concurrency, int seconds) throws Exception {
        long customerBase = System.nanoTime() & 0xFFFF_FFFFL;
        return ClosedLoop.run(concurrency, seconds, sequence -> inventory.reserve(saleId, customerBase + sequence,
                UUID.randomUUID().toString(), Optional.empty(), Instant.now()).decision() == expected);
    }

    /**
     * Opens a sale in the store itself, bypassing the admin API's bounds when the benchmark needs to (a per-customer
     * limit above 100 lets hey, which sends one body, reserve again and again as the same customer).
     */
    public Sale open(String saleId, long stock, int perCustomerLimit, Duration hold) {
        Instant now = Instant.now();
        Sale sale = new Sale(saleId, "bench-product", stock, new BigDecimal("19.99"), "EUR", now.minusSeconds(1),
                now.plus(Duration.ofHours(2)), hold, perCustomerLimit, null);
        if (!inventory.open(sale, now)) {
            throw new IllegalStateException("sale " + saleId + " exists already");
        }
        return sale;
    }

    /** A sale with no unit left: its one unit reserved, held for an hour. */
    public void openSoldOut(String saleId) {
        open(saleId, 1, 1, Duration.ofHours(1));
        if (inventory.reserve(saleId, 1, UUID.randomUUID().toString(), Optional.empty(), Instant.now()).decision()
                != Decision.RESERVED) {
            throw new IllegalStateException("the one unit of " + saleId + " was not reserved");
        }
    }

    /**
     * Removes a sale's keys, so that the phases after it start on an empty store: with DEL, which frees the memory
     * before it answers (UNLINK would free it in the background during the next phase, and spoil its memory figure).
     */
    public void drop(String saleId) {
        RedisCommands<String, String> commands = raw.sync();
        List<String> keys = commands.keys("sale:{" + saleId + "}*");
        if (!keys.isEmpty()) {
            commands.del(keys.toArray(String[]::new));
        }
        commands.srem("sales", saleId);
    }

    /** The store's memory in use, in bytes (INFO memory). */
    public long usedMemory() {
        for (String line : raw.sync().info("memory").split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).trim());
            }
        }
        return -1;
    }

    @Override
    public void close() {
        raw.close();
        client.shutdown();
        inventory.close();
    }
}
