package io.flashorders.aws.store;

/**
 * The order table's layout, as {@code local-services/src/main/resources/order-table.json} defines it for Terraform
 * and DynamoDB Local (a test checks that the two agree). One table holds three kinds of item, told apart by the prefix
 * of their key {@value #PK}: {@code order#<order id>}, {@code idempotency#<key>} and {@code throughput#<bucket start>}.
 */
public final class OrderTable {

    /** The table's name unless orders.table.name says otherwise. */
    public static final String DEFAULT_NAME = "flash-orders";
    /** The partition key, a string. */
    public static final String PK = "pk";
    /**
     * A sparse index over the orders awaiting their queueing: only those items carry its keys, so the reconciler reads
     * a handful of entries, not the table. Its partition key is spread over {@link #SHARDS} values so that a
     * flash sale's writes do not all land on one partition of the index.
     */
    public static final String AWAITING_INDEX = "awaiting-queue";
    public static final String AWAITING_SHARD = "awaiting_queue_shard";
    /** Epoch milliseconds, a number: the index's sort key. */
    public static final String AWAITING_SINCE = "awaiting_queue_since";
    /** How many values each sparse index's partition key is spread over (the awaiting and the settle index alike). */
    public static final int SHARDS = 8;
    /**
     * A sparse index over the orders held for payment (a sync request's, a processor's claim) with the time the
     * holder's time runs out, for the reconciler to settle those whose holder died. Sharded like the awaiting index.
     */
    public static final String SETTLE_INDEX = "settle";
    public static final String SETTLE_SHARD = "settle_shard";
    /** Epoch milliseconds, a number: the settle index's sort key. */
    public static final String SETTLE_AT = "settle_at";
    /** Epoch seconds, a number: DynamoDB's TTL deletes the item some time after. Set on idempotency keys and buckets. */
    public static final String EXPIRES_AT = "expires_at";

    static final String ORDER_PREFIX = "order#";
    static final String KEY_PREFIX = "idempotency#";
    static final String THROUGHPUT_PREFIX = "throughput#";

    private OrderTable() {
    }

    static String shardOf(String orderId) {
        return Integer.toString(Math.floorMod(orderId.hashCode(), SHARDS));
    }
}
