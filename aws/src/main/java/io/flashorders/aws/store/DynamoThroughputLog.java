package io.flashorders.aws.store;

import io.flashorders.core.store.StoreException;
import io.flashorders.core.store.ThroughputLog;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * The throughput log in the order table: one item per bucket ({@code throughput#<epoch second>}), which every processor
 * adds its counts to (an atomic ADD), and which DynamoDB's TTL deletes a day later.
 */
public final class DynamoThroughputLog implements ThroughputLog {

    private static final String COMPLETED = "completed";
    private static final Duration KEEP = Duration.ofDays(1);

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Duration callTimeout;

    public DynamoThroughputLog(DynamoDbClient dynamoDb, String table, Duration callTimeout) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.callTimeout = callTimeout;
    }

    @Override
    public void add(Instant bucketStart, long completions) {
        try {
            dynamoDb.updateItem(r -> r.tableName(table).key(key(bucketStart))
                    .updateExpression("ADD #completed :n SET #expires_at = :expires")
                    .expressionAttributeNames(Map.of("#completed", COMPLETED, "#expires_at", OrderTable.EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":n", AttributeValue.fromN(Long.toString(completions)),
                            ":expires", AttributeValue.fromN(Long.toString(bucketStart.plus(KEEP).getEpochSecond()))))
                    .overrideConfiguration(o -> o.apiCallTimeout(callTimeout)));
        } catch (SdkException e) {
            throw new StoreException("could not add completions to " + table + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Map<Instant, Long> read(List<Instant> bucketStarts) {
        if (bucketStarts.isEmpty()) {
            return Map.of();
        }
        KeysAndAttributes keys = KeysAndAttributes.builder().keys(bucketStarts.stream().map(DynamoThroughputLog::key).toList()).build();
        try {
            Map<Instant, Long> counts = new HashMap<>();
            dynamoDb.batchGetItem(r -> r.requestItems(Map.of(table, keys)).overrideConfiguration(o -> o.apiCallTimeout(callTimeout)))
                    .responses().getOrDefault(table, List.of())
                    .forEach(item -> counts.put(
                            Instant.ofEpochSecond(Long.parseLong(item.get(OrderTable.PK).s().substring(OrderTable.THROUGHPUT_PREFIX.length()))),
                            Long.parseLong(item.get(COMPLETED).n())));
            return counts;
        } catch (SdkException e) {
            throw new StoreException("could not read completions from " + table + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, AttributeValue> key(Instant bucketStart) {
        return Map.of(OrderTable.PK, AttributeValue.fromS(OrderTable.THROUGHPUT_PREFIX + bucketStart.getEpochSecond()));
    }
}
