package io.flashorders.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

class LocalDynamoDbTest {

    @Test
    void load_orderTableJson_definesTheOrderTableWithTheReconcilersIndexesAndTtl() {
        TableDefinition table = TableDefinition.load();

        assertEquals("flash-orders", table.name());
        assertEquals("PAY_PER_REQUEST", table.billingMode());
        assertEquals("pk", table.hashKey());
        assertEquals(List.of(new TableDefinition.GlobalSecondaryIndex("awaiting-queue", "awaiting_queue_shard",
                "awaiting_queue_since", "KEYS_ONLY"), new TableDefinition.GlobalSecondaryIndex("settle", "settle_shard",
                "settle_at", "KEYS_ONLY")), table.globalSecondaryIndexes());
        assertEquals(new TableDefinition.Ttl("expires_at", true), table.ttl());
    }

    @Test
    void start_freePort_createsTheTableAsDefinedAndStopsCleanly() throws Exception {
        int port;
        try (LocalDynamoDb dynamoDb = LocalDynamoDb.start(0); DynamoDbClient client = dynamoDb.client()) {
            port = dynamoDb.port();
            TableDescription table = client.describeTable(r -> r.tableName("flash-orders")).table();
            assertEquals("pk", table.keySchema().get(0).attributeName());
            GlobalSecondaryIndexDescription index = table.globalSecondaryIndexes().get(0);
            assertEquals("awaiting-queue", index.indexName());
            assertEquals(List.of("awaiting_queue_shard", "awaiting_queue_since"),
                    index.keySchema().stream().map(k -> k.attributeName()).toList());
            assertEquals("expires_at", client.describeTimeToLive(r -> r.tableName("flash-orders"))
                    .timeToLiveDescription().attributeName());

            client.putItem(r -> r.tableName("flash-orders").item(Map.of("pk", AttributeValue.fromS("order#1"))));
            assertTrue(client.getItem(r -> r.tableName("flash-orders").key(Map.of("pk", AttributeValue.fromS("order#1")))).hasItem());
        }
        int stopped = port;
        assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), stopped).close());
    }

    @Test
    void restart_afterAStop_samePortEmptyTable() {
        try (LocalDynamoDb dynamoDb = LocalDynamoDb.start(0); DynamoDbClient client = dynamoDb.client()) {
            client.putItem(r -> r.tableName("flash-orders").item(Map.of("pk", AttributeValue.fromS("order#lost"))));
            int port = dynamoDb.port();

            dynamoDb.close();
            assertFalse(dynamoDb.isRunning());
            assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close());

            dynamoDb.restart();
            assertEquals(port, dynamoDb.port());
            assertEquals(0, client.scan(r -> r.tableName("flash-orders")).count(), "in memory: nothing survives a stop");
        }
    }

    @Test
    void start_portTaken_failsWithPortInUse() {
        try (LocalDynamoDb first = LocalDynamoDb.start(0)) {
            assertThrows(LocalQueueServer.PortInUseException.class, () -> LocalDynamoDb.start(first.port()));
            assertTrue(first.isRunning());
        }
    }

    @Test
    void read_attributeThatIsNoKey_isRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(
                "{\"name\":\"t\",\"billing_mode\":\"PAY_PER_REQUEST\",\"hash_key\":\"pk\","
                        + "\"attribute\":[{\"name\":\"pk\",\"type\":\"S\"},{\"name\":\"extra\",\"type\":\"S\"}]}"));
        assertTrue(e.getMessage().contains("extra"), e.getMessage());
    }

    @Test
    void read_misspeltKey_isRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(
                "{\"name\":\"t\",\"billing_mode\":\"PAY_PER_REQUEST\",\"hash_key\":\"pk\",\"attribute\":[{\"name\":\"pk\",\"type\":\"S\"}],"
                        + "\"time_to_live\":{}}"));
        assertTrue(e.getMessage().contains("time_to_live"), e.getMessage());
    }

    @Test
    void read_unknownType_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> read(
                "{\"name\":\"t\",\"billing_mode\":\"PAY_PER_REQUEST\",\"hash_key\":\"pk\",\"attribute\":[{\"name\":\"pk\",\"type\":\"X\"}]}"));
        assertFalse(TableDefinition.load().attributes().isEmpty());
    }

    private static TableDefinition read(String json) {
        return TableDefinition.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }
}
