package io.flashorders.aws.store;

import static io.flashorders.aws.store.Items.names;
import static io.flashorders.aws.store.Items.s;

import io.flashorders.core.order.OrderStatus;
import io.flashorders.core.store.AwaitingOrder;
import io.flashorders.core.store.IdempotencyRecord;
import io.flashorders.core.store.OrderRecord;
import io.flashorders.core.store.OrderStore;
import io.flashorders.core.store.PaymentOutcome;
import io.flashorders.core.store.ProcessingStart;
import io.flashorders.core.store.StoreException;
import io.flashorders.core.store.UnsettledOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The order store in DynamoDB (AWS SDK v2): one item per order, one per idempotency key, in the table
 * {@link OrderTable} describes. Each status change is one conditional UpdateItem; an order and its key are written in
 * one TransactWriteItems, as are a rejection and the release of its key. Reads are strongly consistent. Every call is
 * bounded by the call timeout; a failure is a {@link StoreException}.
 */
public final class DynamoOrderStore implements OrderStore {

    private static final String CHECK_FAILED = "ConditionalCheckFailed";
    private static final String CONFLICT = "TransactionConflict";
    private static final int TRANSACTION_ATTEMPTS = 8;
    /** Writes a new order only where no order with its id is yet. */
    private static final String ABSENT = "attribute_not_exists(#pk)";
    /** The caller's claim is the live one: only its owner may renew or release it. */
    private static final String OWNED = "#status = :processing AND attribute_exists(#claimed_at) AND #claimed_by = :owner";
    private static final String STOP_AWAITING = " REMOVE #" + OrderTable.AWAITING_SHARD + ", #" + OrderTable.AWAITING_SINCE;
    /** Leaves the settle index: the order finished, or no one holds it any more. */
    private static final String STOP_SETTLING = ", #" + OrderTable.SETTLE_SHARD + ", #" + OrderTable.SETTLE_AT;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Duration callTimeout;

    public DynamoOrderStore(DynamoDbClient dynamoDb, String table, Duration callTimeout) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.callTimeout = callTimeout;
    }

    @Override
    public boolean create(OrderRecord order) {
        return put(order, Items.item(order));
    }

    /** @return false when an order with this id exists already */
    private boolean put(OrderRecord order, Map<String, AttributeValue> item) {
        try {
            dynamoDb.putItem(r -> r.tableName(table).item(item).conditionExpression(ABSENT)
                    .expressionAttributeNames(names("#pk")).overrideConfiguration(o -> o.apiCallTimeout(callTimeout)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (SdkException e) {
            throw failure("record order " + order.orderId(), e);
        }
    }

    /**
     * One TransactWriteItems of the conditional puts {@link #create} makes one by one; a single order is one PutItem.
     * A cancelled transaction wrote nothing: an order whose condition failed is recorded already, and every other one
     * (it would have gone through, or met a conflict or a throttle) is written again alone.
     */
    @Override
    public Map<Integer, Exception> createAll(List<OrderRecord> orders) {
        if (orders.size() == 1) {
            return OrderStore.super.createAll(orders);
        }
        List<TransactWriteItem> puts = orders.stream().map(this::putNew).toList();
        try {
            dynamoDb.transactWriteItems(r -> r.transactItems(puts).overrideConfiguration(o -> o.apiCallTimeout(callTimeout)));
            return Map.of();
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
            Map<Integer, Exception> failed = new HashMap<>();
            List<Integer> again = new ArrayList<>();
            for (int i = 0; i < orders.size(); i++) {
                if (i < reasons.size() && CHECK_FAILED.equals(reasons.get(i).code())) {
                    failed.put(i, new RecordedAlready(orders.get(i).orderId()));
                } else {
                    again.add(i);
                }
            }
            // The others one by one, as the store records orders that share no call.
            OrderStore.super.createAll(again.stream().map(orders::get).toList())
                    .forEach((at, why) -> failed.put(again.get(at), why));
            return failed;
        } catch (SdkException e) {
            throw failure("record " + orders.size() + " orders", e);
        }
    }

    private TransactWriteItem putNew(OrderRecord order) {
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(Items.item(order)).conditionExpression(ABSENT)
                .expressionAttributeNames(names("#pk"))).build();
    }

    @Override
    public Optional<IdempotencyRecord> create(OrderRecord order, IdempotencyRecord key) {
        String keyCondition = "attribute_not_exists(#pk) OR #expires_at <= :now";
        TransactWriteItem putOrder = putNew(order);
        TransactWriteItem putKey = TransactWriteItem.builder().put(p -> p.tableName(table).item(Items.item(key))
                .conditionExpression(keyCondition).expressionAttributeNames(names(keyCondition))
                .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(key.createdAt().getEpochSecond()))))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build();
        for (int attempt = 1; ; attempt++) {
            try {
                dynamoDb.transactWriteItems(r -> r.transactItems(putOrder, putKey).overrideConfiguration(o -> o.apiCallTimeout(callTimeout)));
                return Optional.empty();
            } catch (TransactionCanceledException e) {
                CancellationReason onKey = e.cancellationReasons().get(1);
                if (CHECK_FAILED.equals(onKey.code())) {
                    return Optional.of(onKey.hasItem() && !onKey.item().isEmpty() ? Items.key(onKey.item()) : findKey(key.key()).orElseThrow());
                }
                if (!hasCode(e, CONFLICT) || attempt == TRANSACTION_ATTEMPTS) {
                    throw failure("record order " + order.orderId() + " with its idempotency key", e);
                }
                // Another request is claiming the same key right now: once it has, its claim is the answer.
                Optional<IdempotencyRecord> claimed = findKey(key.key()).filter(found -> !found.expired(key.createdAt()));
                if (claimed.isPresent()) {
                    return claimed;
                }
                pause(attempt);
            } catch (SdkException e) {
                throw failure("record order " + order.orderId() + " with its idempotency key", e);
            }
        }
    }

    @Override
    public Optional<IdempotencyRecord> findKey(String key) {
        return get(Items.keyKey(key), "read idempotency key").map(Items::key);
    }

    @Override
    public Optional<OrderRecord> find(String orderId) {
        return get(Items.orderKey(orderId), "read order " + orderId).map(Items::order);
    }

    @Override
    public boolean markQueued(String orderId, Instant at) {
        return update(orderId, "SET #queued_at = :at" + STOP_AWAITING,
                "#status = :pending AND attribute_exists(#" + OrderTable.AWAITING_SINCE + ")",
                Map.of(":at", s(at.toString()), ":pending", status(OrderStatus.PENDING)));
    }

    @Override
    public boolean reject(String orderId, Optional<String> idempotencyKey, String reason, Instant at) {
        String update = "SET #status = :rejected, #rejected_at = :at, #reason = :reason" + STOP_AWAITING + STOP_SETTLING;
        String condition = "#status = :pending AND attribute_not_exists(#queued_at)";
        Map<String, AttributeValue> values = Map.of(":rejected", status(OrderStatus.REJECTED), ":at", s(at.toString()),
                ":reason", s(reason), ":pending", status(OrderStatus.PENDING));
        if (idempotencyKey.isEmpty()) {
            return update(orderId, update, condition, values);
        }
        TransactWriteItem rejectOrder = TransactWriteItem.builder().update(u -> u.tableName(table).key(Items.orderKey(orderId))
                .updateExpression(update).conditionExpression(condition).expressionAttributeNames(names(update, condition))
                .expressionAttributeValues(values)).build();
        TransactWriteItem releaseKey = TransactWriteItem.builder().delete(d -> d.tableName(table).key(Items.keyKey(idempotencyKey.get()))
                .conditionExpression("#order_id = :id").expressionAttributeNames(names("#order_id"))
                .expressionAttributeValues(Map.of(":id", s(orderId)))).build();
        for (int attempt = 1; ; attempt++) {
            try {
                dynamoDb.transactWriteItems(r -> r.transactItems(rejectOrder, releaseKey).overrideConfiguration(o -> o.apiCallTimeout(callTimeout)));
                return true;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.cancellationReasons();
                if (CHECK_FAILED.equals(reasons.get(0).code())) {
                    return false;
                }
                if (CHECK_FAILED.equals(reasons.get(1).code())) {
                    return update(orderId, update, condition, values); // the key is no longer this order's: keep it
                }
                if (!hasCode(e, CONFLICT) || attempt == TRANSACTION_ATTEMPTS) {
                    throw failure("reject order " + orderId, e);
                }
                pause(attempt);
            } catch (SdkException e) {
                throw failure("reject order " + orderId, e);
            }
        }
    }

    @Override
    public ProcessingStart startProcessing(OrderRecord ifUnknown, String owner, Instant now, Duration lease) {
        String orderId = ifUnknown.orderId();
        String update = "SET #status = :processing, #processing_at = if_not_exists(#processing_at, :now), #claimed_at = :claimed, "
                + "#claimed_by = :owner, #" + OrderTable.SETTLE_SHARD + " = :shard, #" + OrderTable.SETTLE_AT + " = :settle" + STOP_AWAITING;
        String condition = "#status = :pending OR (#status = :processing AND (attribute_not_exists(#claimed_at) OR #claimed_at < :expired))";
        try {
            UpdateItemResponse response = dynamoDb.updateItem(r -> r.tableName(table).key(Items.orderKey(orderId))
                    .updateExpression(update).conditionExpression(condition).expressionAttributeNames(names(update, condition))
                    .expressionAttributeValues(Map.of(":processing", status(OrderStatus.PROCESSING), ":pending", status(OrderStatus.PENDING),
                            ":now", s(now.toString()), ":claimed", Items.millis(now), ":expired", Items.millis(now.minus(lease)),
                            ":owner", s(owner), ":shard", s(OrderTable.shardOf(orderId)), ":settle", Items.millis(now.plus(lease))))
                    .returnValues(ReturnValue.UPDATED_OLD)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .overrideConfiguration(o -> o.apiCallTimeout(callTimeout)));
            boolean wasProcessing = OrderStatus.PROCESSING.wireName().equals(response.attributes().get(Items.STATUS).s());
            return ProcessingStart.of(wasProcessing ? ProcessingStart.Kind.TAKEN_OVER : ProcessingStart.Kind.STARTED);
        } catch (ConditionalCheckFailedException e) {
            if (!e.hasItem() || e.item().isEmpty()) {
                return recordAndStart(ifUnknown, owner, now, lease);
            }
            OrderRecord found = Items.order(e.item());
            return found.status() == OrderStatus.PROCESSING ? ProcessingStart.of(ProcessingStart.Kind.BUSY) : ProcessingStart.finished(found);
        } catch (SdkException e) {
            throw failure("start processing order " + orderId, e);
        }
    }

    private ProcessingStart recordAndStart(OrderRecord unknown, String owner, Instant now, Duration lease) {
        OrderRecord claimed = unknown.moveTo(OrderStatus.PROCESSING, now).withClaimedAt(Optional.of(now)).withSettleAt(Optional.of(now.plus(lease)));
        Map<String, AttributeValue> item = new HashMap<>(Items.item(claimed));
        item.put(Items.CLAIMED_BY, s(owner));
        if (put(claimed, item)) {
            return ProcessingStart.of(ProcessingStart.Kind.STARTED);
        }
        return startProcessing(unknown, owner, now, lease); // recorded meanwhile
    }

    @Override
    public boolean renewClaim(String orderId, String owner, Instant now, Duration lease) {
        return update(orderId, "SET #claimed_at = :now, #" + OrderTable.SETTLE_AT + " = :settle", OWNED,
                Map.of(":processing", status(OrderStatus.PROCESSING), ":owner", s(owner), ":now", Items.millis(now),
                        ":settle", Items.millis(now.plus(lease))));
    }

    @Override
    public boolean releaseClaim(String orderId, String owner) {
        return update(orderId, "REMOVE #claimed_at, #claimed_by" + STOP_SETTLING, OWNED,
                Map.of(":processing", status(OrderStatus.PROCESSING), ":owner", s(owner)));
    }

    @Override
    public boolean releaseHeld(String orderId, Instant heldUntil) {
        return update(orderId, "REMOVE #claimed_at, #claimed_by" + STOP_SETTLING, "#status = :processing AND #" + OrderTable.SETTLE_AT + " = :held",
                Map.of(":processing", status(OrderStatus.PROCESSING), ":held", Items.millis(heldUntil)));
    }

    @Override
    public boolean complete(String orderId, Instant processingSince, PaymentOutcome payment, Instant at) {
        String update = "SET #status = :completed, #completed_at = :at, #processing_at = if_not_exists(#processing_at, :since), "
                + "#payment_amount = :amount, #payment_currency = :currency, #paid_at = :paid, #already_paid = :already "
                + "REMOVE #claimed_at, #claimed_by, #"
                + OrderTable.AWAITING_SHARD + ", #" + OrderTable.AWAITING_SINCE + STOP_SETTLING;
        Map<String, AttributeValue> values = new HashMap<>(unfinished());
        values.put(":completed", status(OrderStatus.COMPLETED));
        values.put(":at", s(at.toString()));
        values.put(":since", s(processingSince.toString()));
        values.put(":amount", AttributeValue.fromN(payment.amount().toPlainString()));
        values.put(":currency", s(payment.currency().getCurrencyCode()));
        values.put(":paid", s(payment.paidAt().toString()));
        values.put(":already", AttributeValue.fromBool(payment.alreadyPaid()));
        return update(orderId, update, "#status IN (:pending, :processing)", values);
    }

    @Override
    public boolean fail(String orderId, String reason, Instant at) {
        String update = "SET #status = :failed, #failed_at = :at, #reason = :reason REMOVE #claimed_at, #claimed_by, #"
                + OrderTable.AWAITING_SHARD + ", #" + OrderTable.AWAITING_SINCE + STOP_SETTLING;
        Map<String, AttributeValue> values = new HashMap<>(unfinished());
        values.put(":failed", status(OrderStatus.FAILED));
        values.put(":at", s(at.toString()));
        values.put(":reason", s(reason));
        return update(orderId, update, "#status IN (:pending, :processing)", values);
    }

    @Override
    public List<AwaitingOrder> awaitingQueue(Instant before, int limit) {
        return sharded(OrderTable.AWAITING_INDEX, OrderTable.AWAITING_SHARD, OrderTable.AWAITING_SINCE, before, limit,
                AwaitingOrder::new, "list orders awaiting their queueing").stream()
                .sorted(Comparator.comparing(AwaitingOrder::since)).limit(limit).toList();
    }

    @Override
    public boolean claimRepublish(String orderId, Instant since, Instant now) {
        return update(orderId, "SET #" + OrderTable.AWAITING_SINCE + " = :now, #republished = if_not_exists(#republished, :zero) + :one",
                "#" + OrderTable.AWAITING_SINCE + " = :since AND #status = :pending",
                Map.of(":now", Items.millis(now), ":zero", AttributeValue.fromN("0"), ":one", AttributeValue.fromN("1"),
                        ":since", Items.millis(since), ":pending", status(OrderStatus.PENDING)));
    }

    @Override
    public List<UnsettledOrder> unsettled(Instant before, int limit) {
        return sharded(OrderTable.SETTLE_INDEX, OrderTable.SETTLE_SHARD, OrderTable.SETTLE_AT, before, limit,
                UnsettledOrder::new, "list orders to settle").stream()
                .sorted(Comparator.comparing(UnsettledOrder::settleAt)).limit(limit).toList();
    }

    /**
     * The orders in one of the reconciler's sparse, sharded indexes whose time (epoch milliseconds, the sort key) is
     * before {@code before}: up to {@code limit} from each shard, unsorted.
     */
    private <T> List<T> sharded(String index, String shardAttribute, String timeAttribute, Instant before, int limit,
                                BiFunction<String, Instant, T> entry, String what) {
        String condition = "#" + shardAttribute + " = :shard AND #" + timeAttribute + " < :before";
        List<T> found = new ArrayList<>();
        try {
            for (int shard = 0; shard < OrderTable.SHARDS; shard++) {
                String shardValue = Integer.toString(shard);
                dynamoDb.query(r -> r.tableName(table).indexName(index).keyConditionExpression(condition)
                                .expressionAttributeNames(names(condition))
                                .expressionAttributeValues(Map.of(":shard", s(shardValue), ":before", Items.millis(before)))
                                .limit(limit).overrideConfiguration(o -> o.apiCallTimeout(callTimeout)))
                        .items().forEach(item -> found.add(entry.apply(
                                item.get(OrderTable.PK).s().substring(OrderTable.ORDER_PREFIX.length()),
                                Instant.ofEpochMilli(Long.parseLong(item.get(timeAttribute).n())))));
            }
        } catch (SdkException e) {
            throw failure(what, e);
        }
        return found;
    }

    @Override
    public boolean holdForSettling(String orderId, Instant settleAt, Instant until) {
        Map<String, AttributeValue> values = new HashMap<>(unfinished());
        values.put(":until", Items.millis(until));
        values.put(":due", Items.millis(settleAt));
        return update(orderId, "SET #" + OrderTable.SETTLE_AT + " = :until",
                "#" + OrderTable.SETTLE_AT + " = :due AND #status IN (:pending, :processing)", values);
    }

    @Override
    public boolean reachable() {
        try {
            dynamoDb.describeTable(r -> r.tableName(table).overrideConfiguration(o -> o.apiCallTimeout(callTimeout)));
            return true;
        } catch (SdkException e) {
            return false;
        }
    }

    @Override
    public String location() {
        return "dynamodb:" + table;
    }

    /** One conditional UpdateItem on an order; false when its condition did not hold. */
    private boolean update(String orderId, String update, String condition, Map<String, AttributeValue> values) {
        try {
            dynamoDb.updateItem(r -> r.tableName(table).key(Items.orderKey(orderId)).updateExpression(update)
                    .conditionExpression(condition).expressionAttributeNames(names(update, condition))
                    .expressionAttributeValues(values).overrideConfiguration(o -> o.apiCallTimeout(callTimeout)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (SdkException e) {
            throw failure("update order " + orderId, e);
        }
    }

    private Optional<Map<String, AttributeValue>> get(Map<String, AttributeValue> key, String what) {
        try {
            var response = dynamoDb.getItem(r -> r.tableName(table).key(key).consistentRead(true)
                    .overrideConfiguration(o -> o.apiCallTimeout(callTimeout)));
            return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
        } catch (SdkException e) {
            throw failure(what, e);
        }
    }

    private static Map<String, AttributeValue> unfinished() {
        return Map.of(":pending", status(OrderStatus.PENDING), ":processing", status(OrderStatus.PROCESSING));
    }

    private static AttributeValue status(OrderStatus status) {
        return s(status.wireName());
    }

    private static boolean hasCode(TransactionCanceledException e, String code) {
        return e.cancellationReasons().stream().anyMatch(reason -> code.equals(reason.code()));
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(100, 5L << attempt) + (long) (Math.random() * 10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted", e);
        }
    }

    private StoreException failure(String what, SdkException e) {
        return new StoreException("could not " + what + " in table " + table + ": " + e.getMessage(), e);
    }
}
