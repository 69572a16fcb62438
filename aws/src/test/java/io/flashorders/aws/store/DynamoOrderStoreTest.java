package io.flashorders.aws.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.aws.AwsClients;
import io.flashorders.aws.AwsSettings;
import io.flashorders.core.json.OrderJson;
import io.flashorders.core.order.Order;
import io.flashorders.core.store.BatchedOrderRecorder;
import io.flashorders.core.store.Channel;
import io.flashorders.core.store.IdempotencyRecord;
import io.flashorders.core.store.OrderRecord;
import io.flashorders.core.store.OrderStore;
import io.flashorders.core.store.OrderStoreContract;
import io.flashorders.core.store.StoreException;
import io.flashorders.local.LocalDynamoDb;
import io.flashorders.local.TableDefinition;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The order store's contract against DynamoDB Local, with the table made from order-table.json. */
class DynamoOrderStoreTest extends OrderStoreContract {

    private static LocalDynamoDb dynamoDbLocal;
    private static DynamoDbClient dynamoDb;

    @BeforeAll
    static void startDynamoDbLocal() {
        dynamoDbLocal = LocalDynamoDb.start(0);
        dynamoDb = AwsClients.dynamoDb(AwsSettings.local(URI.create("http://localhost:1")), Optional.of(dynamoDbLocal.endpoint()));
    }

    @AfterAll
    static void stopDynamoDbLocal() {
        dynamoDb.close();
        dynamoDbLocal.close();
    }

    @Override
    protected OrderStore newStore() {
        return on(dynamoDb);
    }

    @Test
    void layout_orderTableJson_definesWhatTheStoreUses() {
        TableDefinition table = TableDefinition.load();

        assertEquals(OrderTable.DEFAULT_NAME, table.name());
        assertEquals(OrderTable.PK, table.hashKey());
        assertEquals(List.of(new TableDefinition.GlobalSecondaryIndex(OrderTable.AWAITING_INDEX, OrderTable.AWAITING_SHARD,
                        OrderTable.AWAITING_SINCE, "KEYS_ONLY"),
                new TableDefinition.GlobalSecondaryIndex(OrderTable.SETTLE_INDEX, OrderTable.SETTLE_SHARD, OrderTable.SETTLE_AT, "KEYS_ONLY")),
                table.globalSecondaryIndexes());
        assertEquals(List.of(new TableDefinition.Attribute(OrderTable.PK, "S"), new TableDefinition.Attribute(OrderTable.AWAITING_SHARD, "S"),
                new TableDefinition.Attribute(OrderTable.AWAITING_SINCE, "N"), new TableDefinition.Attribute(OrderTable.SETTLE_SHARD, "S"),
                new TableDefinition.Attribute(OrderTable.SETTLE_AT, "N")), table.attributes());
        assertEquals(OrderTable.EXPIRES_AT, table.ttl().attributeName());
    }

    @Test
    void createWithKey_thirtyConcurrentClaims_exactlyOneOrderRecorded() throws Exception {
        OrderStore store = newStore();
        String key = "race-" + System.nanoTime();
        ExecutorService callers = Executors.newFixedThreadPool(30);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < 30; i++) {
                outcomes.add(callers.submit(() -> {
                    Order order = order();
                    OrderRecord record = OrderRecord.pending(order, OrderJson.write(order), Channel.ASYNC, Optional.of(key), OptionalLong.empty());
                    go.await();
                    Optional<IdempotencyRecord> taken = store.create(record,
                            new IdempotencyRecord(key, "h", order.orderId(), T0, T0.plus(Duration.ofHours(24))));
                    return taken.map(claim -> "taken:" + claim.orderId()).orElse("won:" + order.orderId());
                }));
            }
            go.countDown();
            Set<String> orderIds = new HashSet<>();
            int won = 0;
            for (Future<String> outcome : outcomes) {
                String[] result = outcome.get().split(":");
                won += result[0].equals("won") ? 1 : 0;
                orderIds.add(result[1]);
            }
            assertEquals(1, won);
            assertEquals(1, orderIds.size(), "every loser was told the winner's order");
            assertTrue(store.find(orderIds.iterator().next()).isPresent());
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void calls_storeUnreachable_failWithStoreException() {
        try (DynamoDbClient nowhere = AwsClients.dynamoDb(AwsSettings.local(URI.create("http://localhost:1")),
                Optional.of(URI.create("http://localhost:9")))) {
            OrderStore down = new DynamoOrderStore(nowhere, "flash-orders", Duration.ofMillis(500));

            assertThrows(StoreException.class, () -> down.find("x"));
            assertThrows(StoreException.class, () -> down.create(OrderRecord.pending(order(), OrderJson.write(order()), Channel.SYNC,
                    Optional.empty(), OptionalLong.empty())));
            assertFalse(down.reachable());
        }
    }

    /** The operations a client sent, by name, in order. */
    private static final class Operations implements ExecutionInterceptor {

        final ConcurrentLinkedQueue<String> sent = new ConcurrentLinkedQueue<>();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            sent.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        }
    }

    private static DynamoDbClient counting(Operations operations) {
        return AwsClients.dynamoDb(AwsSettings.local(URI.create("http://localhost:1")), Optional.of(dynamoDbLocal.endpoint()), operations);
    }

    private static OrderStore on(DynamoDbClient client) {
        return new DynamoOrderStore(client, dynamoDbLocal.table().name(), Duration.ofSeconds(5));
    }

    private static OrderRecord fresh() {
        Order order = order();
        return OrderRecord.pending(order, OrderJson.write(order), Channel.ASYNC, Optional.empty(), OptionalLong.empty()).withQueuedAt(T0);
    }

    @Test
    void createAll_tenFreshOrders_oneTransaction() {
        Operations operations = new Operations();
        try (DynamoDbClient counted = counting(operations)) {
            OrderStore store = on(counted);
            List<OrderRecord> orders = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                orders.add(fresh());
            }

            assertEquals(Map.of(), store.createAll(orders));

            assertEquals(List.of("TransactWriteItems"), List.copyOf(operations.sent));
            for (OrderRecord order : orders) {
                assertEquals(order.queuedAt(), store.find(order.orderId()).orElseThrow().queuedAt());
            }
        }
    }

    @Test
    void createAll_oneRecordedAlready_cancelledTransactionThenTheOthersAlone() {
        Operations operations = new Operations();
        try (DynamoDbClient counted = counting(operations)) {
            OrderStore store = on(counted);
            OrderRecord present = fresh();
            assertTrue(store.create(present));
            List<OrderRecord> orders = List.of(fresh(), present, fresh());
            operations.sent.clear();

            Map<Integer, Exception> failed = store.createAll(orders);

            assertEquals(Set.of(1), failed.keySet());
            assertTrue(failed.get(1) instanceof OrderStore.RecordedAlready, "refused as recorded already: " + failed.get(1));
            assertEquals(List.of("TransactWriteItems", "PutItem", "PutItem"), List.copyOf(operations.sent),
                    "the order that would have gone through is written alone; the recorded one is not tried again");
            assertTrue(store.find(orders.get(0).orderId()).isPresent());
            assertTrue(store.find(orders.get(2).orderId()).isPresent());
        }
    }

    @Test
    void batchedRecorder_concurrentOrdersOneRecordedAlready_eachTheAnswerOfALoneCreate() throws Exception {
        OrderStore store = newStore();
        OrderRecord present = fresh();
        assertTrue(store.create(present));
        List<OrderRecord> orders = new ArrayList<>(List.of(present));
        for (int i = 0; i < 5; i++) {
            orders.add(fresh());
        }
        ExecutorService callers = Executors.newFixedThreadPool(orders.size());
        try (BatchedOrderRecorder recorder = new BatchedOrderRecorder(store, orders.size(), Duration.ofSeconds(30))) {
            List<Future<Boolean>> answers = new ArrayList<>();
            for (OrderRecord order : orders) {
                answers.add(callers.submit(() -> recorder.create(order)));
            }

            // The batch is full only once all six joined (the linger is far longer than the test), so they share one call.
            assertFalse(answers.get(0).get(), "recorded already: false, as a lone create answers");
            for (int i = 1; i < orders.size(); i++) {
                assertTrue(answers.get(i).get());
                assertTrue(store.find(orders.get(i).orderId()).isPresent());
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void batchedRecorder_batchOfOne_onePutItemAsToday() {
        Operations operations = new Operations();
        try (DynamoDbClient counted = counting(operations);
             BatchedOrderRecorder recorder = new BatchedOrderRecorder(on(counted), 1, Duration.ofSeconds(30))) {
            OrderRecord order = fresh();

            assertTrue(recorder.create(order));
            assertFalse(recorder.create(order), "recorded already");

            assertEquals(List.of("PutItem", "PutItem"), List.copyOf(operations.sent));
        }
    }

    @Test
    void batchedRecorder_storeUnreachable_everyOrderGetsStoreException() throws Exception {
        try (DynamoDbClient nowhere = AwsClients.dynamoDb(AwsSettings.local(URI.create("http://localhost:1")),
                Optional.of(URI.create("http://localhost:9")));
             BatchedOrderRecorder recorder = new BatchedOrderRecorder(new DynamoOrderStore(nowhere, "flash-orders", Duration.ofMillis(500)),
                     3, Duration.ofSeconds(30))) {
            ExecutorService callers = Executors.newFixedThreadPool(3);
            try {
                List<Future<?>> answers = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    OrderRecord order = fresh();
                    answers.add(callers.submit(() -> recorder.create(order)));
                }
                for (Future<?> answer : answers) {
                    ExecutionException failed = assertThrows(ExecutionException.class, answer::get);
                    assertTrue(failed.getCause() instanceof StoreException, "a StoreException, as a lone create throws: " + failed.getCause());
                }
            } finally {
                callers.shutdownNow();
            }
        }
    }
}
