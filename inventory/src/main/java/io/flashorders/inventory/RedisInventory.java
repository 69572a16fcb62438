package io.flashorders.inventory;

import io.flashorders.core.json.OrderJson;
import io.flashorders.core.sale.AuditEvent;
import io.flashorders.core.sale.AuditType;
import io.flashorders.core.sale.Decision;
import io.flashorders.core.sale.Inventory;
import io.flashorders.core.sale.InventoryUnavailableException;
import io.flashorders.core.sale.Reservation;
import io.flashorders.core.sale.ReservationState;
import io.flashorders.core.sale.Sale;
import io.flashorders.core.sale.SaleSnapshot;
import io.flashorders.core.sale.StockCounts;
import io.flashorders.core.sale.Verdict;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link Inventory} on a Redis-compatible server (redis-server or Valkey locally, Amazon MemoryDB in AWS), through
 * one shared Lettuce connection. Each decision is one Lua script ({@link Script}) that checks, moves the unit and
 * appends the audit entry atomically; the server runs scripts one at a time, so no two decisions interleave.
 *
 * <p>A sale's keys share the hash tag {@code {saleId}}: one script stays in one cluster slot. Only the index of sale
 * ids ({@value #SALES}) lives elsewhere, written after the sale's own keys. While the server is unreachable every call
 * fails at once (commands are rejected, not buffered) with {@link InventoryUnavailableException}; Lettuce reconnects
 * in the background.
 */
public final class RedisInventory implements Inventory, AutoCloseable {

    static final String SALES = "sales";
    /** How many expired holds a reserve that finds no unit reclaims before it answers sold out. */
    private static final int RECLAIM_ON_SOLD_OUT = 20;

    private final AbstractRedisClient client;
    private final String location;
    private final Scripts scripts;
    private volatile StatefulConnection<String, String> connection;
    private volatile RedisClusterCommands<String, String> commands;

    private RedisInventory(AbstractRedisClient client, String location) {
        this.client = client;
        this.location = location;
        this.scripts = new Scripts(this::commands);
    }

    /** A standalone server (redis-server, Valkey): {@link #connect(String, Duration, boolean)} without cluster mode. */
    public static RedisInventory connect(String uri, Duration timeout) {
        return connect(uri, timeout, false);
    }

    /**
     * @param uri     {@code redis://host:port}, or {@code rediss://user:password@host:port} for TLS and ACL users
     *                (MemoryDB); credentials come from the environment, never from the repository
     * @param timeout the most any one command may take before it counts as a failure
     * @param cluster  true for a server in cluster mode (MemoryDB always is; its cluster endpoint is the URI): the client
     *                 then follows the cluster's topology and sends each command to the shard that holds its keys, which
     *                 the sale's shared hash tag keeps to one per script. False for a standalone server.
     */
    public static RedisInventory connect(String uri, Duration timeout, boolean cluster) {
        RedisURI redisUri = RedisURI.create(uri);
        redisUri.setTimeout(timeout);
        AbstractRedisClient client;
        if (cluster) {
            RedisClusterClient clusterClient = RedisClusterClient.create(redisUri);
            clusterClient.setOptions(failFast(ClusterClientOptions.builder(), timeout).build());
            client = clusterClient;
        } else {
            RedisClient standalone = RedisClient.create(redisUri);
            standalone.setOptions(failFast(ClientOptions.builder(), timeout).build());
            client = standalone;
        }
        return new RedisInventory(client, (redisUri.isSsl() ? "rediss://" : "redis://") + redisUri.getHost() + ":"
                + redisUri.getPort() + (cluster ? " (cluster)" : ""));
    }

    /** Commands refused at once while the store is unreachable, and none waits longer than {@code timeout}. */
    private static <B extends ClientOptions.Builder> B failFast(B builder, Duration timeout) {
        builder.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout));
        return builder;
    }

    /**
     * A new connection to the same store with {@code codec}, standalone or cluster as this inventory's: for
     * {@link RedisRateLimiter}, which closes it before this inventory closes the client.
     */
    <V> StatefulConnection<String, V> connect(RedisCodec<String, V> codec) {
        return client instanceof RedisClusterClient cluster ? cluster.connect(codec) : ((RedisClient) client).connect(codec);
    }

    private RedisClusterCommands<String, String> commands() {
        RedisClusterCommands<String, String> current = commands;
        if (current == null) {
            synchronized (this) {
                current = commands;
                if (current == null) {
                    try {
                        StatefulConnection<String, String> opened = connect(StringCodec.UTF8);
                        connection = opened;
                        current = opened instanceof StatefulRedisClusterConnection<String, String> inCluster
                                ? inCluster.sync() : ((StatefulRedisConnection<String, String>) opened).sync();
                    } catch (RedisException e) {
                        throw new InventoryUnavailableException("the inventory store at " + location + " is unreachable", e);
                    }
                    commands = current;
                }
            }
        }
        return current;
    }

    private <T> T call(java.util.function.Function<RedisClusterCommands<String, String>, T> command) {
        try {
            return command.apply(commands());
        } catch (RedisException e) {
            throw new InventoryUnavailableException("the inventory store at " + location + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean open(Sale sale, Instant now) {
        List<String> answer = scripts.run(Script.OPEN, Keys.of(sale.saleId()), ms(now), Long.toString(sale.stock()),
                sale.productId(), sale.price().toPlainString(), sale.currency(), ms(sale.startsAt()), ms(sale.endsAt()),
                Long.toString(sale.holdTime().toMillis()), Integer.toString(sale.perCustomerLimit()));
        // Also when it existed: an earlier open may have died before this step.
        call(c -> c.sadd(SALES, sale.saleId()));
        return answer.get(0).equals("opened");
    }

    @Override
    public boolean close(String saleId, Instant now) {
        return !scripts.run(Script.CLOSE, Keys.of(saleId), ms(now)).get(0).equals("unknown_sale");
    }

    @Override
    public Optional<SaleSnapshot> snapshot(String saleId) {
        Map<String, String> f = call(c -> c.hgetall(Keys.of(saleId).sale()));
        if (f.isEmpty()) {
            return Optional.empty();
        }
        Sale sale = new Sale(saleId, f.get("product"), Long.parseLong(f.get("total")), new BigDecimal(f.get("price")),
                f.get("currency"), instant(f.get("starts")), instant(f.get("ends")),
                Duration.ofMillis(Long.parseLong(f.get("hold_ms"))), Integer.parseInt(f.get("limit")),
                f.containsKey("closed") ? instant(f.get("closed")) : null);
        StockCounts counts = new StockCounts(Long.parseLong(f.get("total")), Long.parseLong(f.get("available")),
                Long.parseLong(f.get("reserved")), Long.parseLong(f.get("checking_out")), Long.parseLong(f.get("sold")));
        return Optional.of(new SaleSnapshot(sale, counts));
    }

    @Override
    public List<String> saleIds() {
        return List.copyOf(call(c -> c.smembers(SALES)));
    }

    @Override
    public Verdict reserve(String saleId, long customerId, String reservationId, Optional<String> idempotencyKey,
                           Instant now) {
        return verdict(saleId, scripts.run(Script.RESERVE, Keys.of(saleId), ms(now), reservationId,
                Long.toString(customerId), idempotencyKey.orElse(""), Integer.toString(RECLAIM_ON_SOLD_OUT)));
    }

    @Override
    public Optional<Reservation> reservation(String saleId, String reservationId) {
        return Optional.ofNullable(call(c -> c.hget(Keys.of(saleId).reservations(), reservationId)))
                .map(json -> decode(saleId, json));
    }

    @Override
    public Verdict cancel(String saleId, String reservationId, Instant now) {
        return verdict(saleId, scripts.run(Script.CANCEL, Keys.of(saleId), ms(now), reservationId));
    }

    @Override
    public Verdict startCheckout(String saleId, String reservationId, Instant now) {
        return verdict(saleId, scripts.run(Script.CHECKOUT, Keys.of(saleId), ms(now), reservationId));
    }

    @Override
    public void attachOrder(String saleId, String reservationId, String orderId) {
        scripts.run(Script.ATTACH, Keys.of(saleId), reservationId, orderId);
    }

    @Override
    public Verdict confirm(String saleId, String reservationId, String reason, Instant now) {
        return verdict(saleId, scripts.run(Script.SETTLE, Keys.of(saleId), ms(now), reservationId, "purchased", reason));
    }

    @Override
    public Verdict release(String saleId, String reservationId, String reason, Instant now) {
        return verdict(saleId, scripts.run(Script.SETTLE, Keys.of(saleId), ms(now), reservationId, "released", reason));
    }

    @Override
    public int expire(String saleId, Instant now, int limit) {
        return Integer.parseInt(scripts.run(Script.EXPIRE, Keys.of(saleId), ms(now), Integer.toString(limit)).get(1));
    }

    @Override
    public List<Reservation> checkingOut(String saleId, int limit) {
        Keys keys = Keys.of(saleId);
        List<String> ids = call(c -> c.zrange(keys.checkouts(), 0, limit - 1));
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Reservation> found = new ArrayList<>(ids.size());
        call(c -> c.hmget(keys.reservations(), ids.toArray(String[]::new))).forEach(value -> {
            if (value.hasValue()) {
                found.add(decode(saleId, value.getValue()));
            }
        });
        return found;
    }

    @Override
    public List<AuditEvent> audit(String saleId, String afterId, int limit) {
        String trail = Keys.of(saleId).audit();
        Range<String> range = afterId == null ? Range.create("-", "+")
                : Range.from(Range.Boundary.including(afterId), Range.Boundary.unbounded());
        // The entry afterId itself comes first when it exists: ask for one more and drop it.
        List<StreamMessage<String, String>> read = call(c -> c.xrange(trail, range,
                Limit.from(afterId == null ? limit : limit + 1)));
        List<AuditEvent> events = new ArrayList<>(read.size());
        for (StreamMessage<String, String> m : read) {
            if (m.getId().equals(afterId) || events.size() == limit) {
                continue;
            }
            Map<String, String> f = m.getBody();
            String rid = f.get("reservation");
            String customer = f.get("customer");
            events.add(new AuditEvent(m.getId(), instant(f.get("at")), AuditType.fromWireName(f.get("type")),
                    rid == null || rid.isEmpty() ? null : rid, customer == null ? null : Long.valueOf(customer),
                    f.get("reason"), f.containsKey("stock") ? Long.valueOf(f.get("stock")) : null));
        }
        return events;
    }

    @Override
    public boolean reachable() {
        try {
            return "PONG".equals(call(RedisClusterCommands::ping));
        } catch (InventoryUnavailableException e) {
            return false;
        }
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public void close() {
        StatefulConnection<String, String> current = connection;
        if (current != null) {
            current.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    private Verdict verdict(String saleId, List<String> answer) {
        Decision decision = Decision.fromWireName(answer.get(0));
        return new Verdict(decision, answer.size() > 1 ? Optional.of(decode(saleId, answer.get(1))) : Optional.empty());
    }

    /** The script's JSON form: every value a string, times in epoch milliseconds. */
    record Stored(String id, String customer, String state, String reservedAt, String expiresAt, String updatedAt,
                  String orderId) {
    }

    private static Reservation decode(String saleId, String json) {
        Stored s = OrderJson.read(json, Stored.class);
        return new Reservation(s.id(), saleId, Long.parseLong(s.customer()), ReservationState.fromWireName(s.state()),
                instant(s.reservedAt()), instant(s.expiresAt()), s.orderId(), instant(s.updatedAt()));
    }

    private static String ms(Instant at) {
        return Long.toString(at.toEpochMilli());
    }

    private static Instant instant(String ms) {
        return Instant.ofEpochMilli(Long.parseLong(ms));
    }

    /** Loads each script once (SCRIPT LOAD) and runs it by its digest, loading it again after a server restart. */
    private final class Scripts {

        private final java.util.function.Supplier<RedisClusterCommands<String, String>> commands;
        private final Map<Script, String> digests = new java.util.concurrent.ConcurrentHashMap<>();

        Scripts(java.util.function.Supplier<RedisClusterCommands<String, String>> commands) {
            this.commands = commands;
        }

        List<String> run(Script script, Keys keys, String... args) {
            return call(c -> {
                String digest = digests.computeIfAbsent(script, s -> c.scriptLoad(s.source()));
                try {
                    return c.evalsha(digest, ScriptOutputType.MULTI, keys.all(), args);
                } catch (RedisNoScriptException e) {
                    digests.put(script, c.scriptLoad(script.source()));
                    return c.evalsha(digests.get(script), ScriptOutputType.MULTI, keys.all(), args);
                }
            });
        }
    }
}
