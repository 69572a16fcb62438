package io.flashorders.aws.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.aws.AwsClients;
import io.flashorders.aws.AwsSettings;
import io.flashorders.core.json.OrderJson;
import io.flashorders.core.order.Order;
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
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
        return new DynamoOrderStore(dynamoDb, dynamoDbLocal.table().name(), Duration.ofSeconds(5));
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
}
