package io.flashorders.aws.store;

import io.flashorders.core.json.OrderJson;
import io.flashorders.core.order.Order;
import io.flashorders.core.order.OrderStatus;
import io.flashorders.core.store.Channel;
import io.flashorders.core.store.IdempotencyRecord;
import io.flashorders.core.store.OrderRecord;
import io.flashorders.core.store.PaymentOutcome;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * How orders and idempotency keys are written as DynamoDB items, and read back. Times of transitions are ISO-8601
 * strings (exact, and readable in the console); the times the table sorts or compares on are epoch numbers.
 */
final class Items {

    static final String STATUS = "status";
    static final String ORDER_JSON = "order_json";
    static final String ORDER_ID = "order_id";
    static final String CUSTOMER_ID = "customer_id";
    static final String CHANNEL = "channel";
    static final String QUEUED_AT = "queued_at";
    static final String CLAIMED_AT = "claimed_at";
    /** The owner token of the live claim: only it renews or releases the claim. */
    static final String CLAIMED_BY = "claimed_by";
    static final String PAYMENT_AMOUNT = "payment_amount";
    static final String PAYMENT_CURRENCY = "payment_currency";
    static final String PAID_AT = "paid_at";
    static final String ALREADY_PAID = "already_paid";
    static final String REASON = "reason";
    static final String IDEMPOTENCY_KEY = "idempotency_key";
    static final String QUEUE_DEPTH = "queue_depth_at_acceptance";
    static final String REPUBLISHED = "republished";
    static final String REQUEST_HASH = "request_hash";
    static final String CREATED_AT = "created_at";

    private static final Pattern NAME = Pattern.compile("#(\\w+)");

    private Items() {
    }

    static Map<String, AttributeValue> orderKey(String orderId) {
        return Map.of(OrderTable.PK, s(OrderTable.ORDER_PREFIX + orderId));
    }

    static Map<String, AttributeValue> keyKey(String key) {
        return Map.of(OrderTable.PK, s(OrderTable.KEY_PREFIX + key));
    }

    /** The attribute holding the time an order reached {@code status}: {@code pending_at}, {@code processing_at}, ... */
    static String reachedAt(OrderStatus status) {
        return status.wireName() + "_at";
    }

    static Map<String, AttributeValue> item(OrderRecord order) {
        Map<String, AttributeValue> item = new HashMap<>(orderKey(order.orderId()));
        item.put(ORDER_ID, s(order.orderId()));
        item.put(CUSTOMER_ID, AttributeValue.fromN(Long.toString(order.order().customerId())));
        item.put(STATUS, s(order.status().wireName()));
        item.put(ORDER_JSON, s(order.orderJson()));
        item.put(CHANNEL, s(order.channel().wireName()));
        order.transitions().forEach((status, at) -> item.put(reachedAt(status), s(at.toString())));
        order.queuedAt().ifPresent(at -> item.put(QUEUED_AT, s(at.toString())));
        order.awaitingQueueSince().ifPresent(since -> {
            item.put(OrderTable.AWAITING_SHARD, s(OrderTable.shardOf(order.orderId())));
            item.put(OrderTable.AWAITING_SINCE, millis(since));
        });
        order.claimedAt().ifPresent(at -> item.put(CLAIMED_AT, millis(at)));
        order.settleAt().ifPresent(at -> {
            item.put(OrderTable.SETTLE_SHARD, s(OrderTable.shardOf(order.orderId())));
            item.put(OrderTable.SETTLE_AT, millis(at));
        });
        order.payment().ifPresent(payment -> item.putAll(payment(payment)));
        order.reason().ifPresent(reason -> item.put(REASON, s(reason)));
        order.idempotencyKey().ifPresent(key -> item.put(IDEMPOTENCY_KEY, s(key)));
        order.queueDepthAtAcceptance().ifPresent(depth -> item.put(QUEUE_DEPTH, AttributeValue.fromN(Long.toString(depth))));
        if (order.republished() > 0) {
            item.put(REPUBLISHED, AttributeValue.fromN(Integer.toString(order.republished())));
        }
        return item;
    }

    static Map<String, AttributeValue> payment(PaymentOutcome payment) {
        return Map.of(PAYMENT_AMOUNT, AttributeValue.fromN(payment.amount().toPlainString()),
                PAYMENT_CURRENCY, s(payment.currency().getCurrencyCode()),
                PAID_AT, s(payment.paidAt().toString()),
                ALREADY_PAID, AttributeValue.fromBool(payment.alreadyPaid()));
    }

    static OrderRecord order(Map<String, AttributeValue> item) {
        OrderStatus status = OrderStatus.fromWireName(item.get(STATUS).s());
        Order order = OrderJson.readOrder(item.get(ORDER_JSON).s()).withStatus(status);
        Map<OrderStatus, Instant> transitions = new EnumMap<>(OrderStatus.class);
        for (OrderStatus reached : OrderStatus.values()) {
            instant(item, reachedAt(reached)).ifPresent(at -> transitions.put(reached, at));
        }
        // A payment recorded before payments carried their currency was in the order's.
        Optional<PaymentOutcome> payment = item.containsKey(PAYMENT_AMOUNT)
                ? Optional.of(new PaymentOutcome(new BigDecimal(item.get(PAYMENT_AMOUNT).n()),
                        string(item, PAYMENT_CURRENCY).map(Currency::getInstance).orElse(order.currency()),
                        Instant.parse(item.get(PAID_AT).s()), Boolean.TRUE.equals(item.get(ALREADY_PAID).bool())))
                : Optional.empty();
        return new OrderRecord(order, item.get(ORDER_JSON).s(), Channel.fromWireName(item.get(CHANNEL).s()), transitions,
                instant(item, QUEUED_AT), epochMillis(item, OrderTable.AWAITING_SINCE), epochMillis(item, CLAIMED_AT), payment,
                string(item, REASON), string(item, IDEMPOTENCY_KEY),
                item.containsKey(QUEUE_DEPTH) ? OptionalLong.of(Long.parseLong(item.get(QUEUE_DEPTH).n())) : OptionalLong.empty(),
                item.containsKey(REPUBLISHED) ? Integer.parseInt(item.get(REPUBLISHED).n()) : 0,
                epochMillis(item, OrderTable.SETTLE_AT));
    }

    static Map<String, AttributeValue> item(IdempotencyRecord key) {
        Map<String, AttributeValue> item = new HashMap<>(keyKey(key.key()));
        item.put(REQUEST_HASH, s(key.requestHash()));
        item.put(ORDER_ID, s(key.orderId()));
        item.put(CREATED_AT, s(key.createdAt().toString()));
        item.put(OrderTable.EXPIRES_AT, AttributeValue.fromN(Long.toString(key.expiresAt().getEpochSecond())));
        return item;
    }

    static IdempotencyRecord key(Map<String, AttributeValue> item) {
        return new IdempotencyRecord(item.get(OrderTable.PK).s().substring(OrderTable.KEY_PREFIX.length()),
                item.get(REQUEST_HASH).s(), item.get(ORDER_ID).s(), Instant.parse(item.get(CREATED_AT).s()),
                Instant.ofEpochSecond(Long.parseLong(item.get(OrderTable.EXPIRES_AT).n())));
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue millis(Instant at) {
        return AttributeValue.fromN(Long.toString(at.toEpochMilli()));
    }

    /** {@code #name} to {@code name} for every {@code #name} in the expressions. */
    static Map<String, String> names(String... expressions) {
        Map<String, String> names = new HashMap<>();
        for (String expression : expressions) {
            if (expression == null) {
                continue;
            }
            Matcher matcher = NAME.matcher(expression);
            while (matcher.find()) {
                names.put(matcher.group(), matcher.group(1));
            }
        }
        return names;
    }

    private static Optional<Instant> instant(Map<String, AttributeValue> item, String name) {
        return Optional.ofNullable(item.get(name)).map(value -> Instant.parse(value.s()));
    }

    private static Optional<Instant> epochMillis(Map<String, AttributeValue> item, String name) {
        return Optional.ofNullable(item.get(name)).map(value -> Instant.ofEpochMilli(Long.parseLong(value.n())));
    }

    private static Optional<String> string(Map<String, AttributeValue> item, String name) {
        return Optional.ofNullable(item.get(name)).map(AttributeValue::s);
    }
}
