package io.flashorders.bench;

import io.flashorders.aws.AwsClients;
import io.flashorders.aws.AwsSettings;
import io.flashorders.aws.store.DynamoOrderStore;
import io.flashorders.aws.store.OrderTable;
import io.flashorders.core.json.OrderJson;
import io.flashorders.core.money.OrderLimits;
import io.flashorders.core.order.NewOrder;
import io.flashorders.core.order.Order;
import io.flashorders.core.order.OrderItem;
import io.flashorders.core.store.Channel;
import io.flashorders.core.store.OrderRecord;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The order store's limit for the acceptance path: {@code concurrency} threads doing what the order API does to the
 * store for each async order without a key (record it as pending and queued, one write), through the application's
 * own {@link DynamoOrderStore}, against the same DynamoDB Local, as fast as it answers. Not one of the two
 * baselines; it shows how much of the gap to them the store explains. It also checks the orders an overload phase
 * was told 202 for against the store.
 */
public final class StoreBaseline implements AutoCloseable {

    private static final NewOrder ORDER = new NewOrder(123, OrderLimits.DEFAULT_CURRENCY, List.of(new OrderItem("sku-42", 2, new BigDecimal("19.99"))));

    private final DynamoDbClient dynamoDb;
    private final DynamoOrderStore store;

    public StoreBaseline(URI endpoint) {
        this.dynamoDb = AwsClients.dynamoDb(AwsSettings.local(endpoint), Optional.of(endpoint));
        this.store = new DynamoOrderStore(dynamoDb, OrderTable.DEFAULT_NAME, Duration.ofSeconds(5));
    }

    /** Orders recorded as queued per second; latency of the write. */
    public LoadResult run(int concurrency, int seconds) throws Exception {
        Clock clock = Clock.systemUTC();
        return ClosedLoop.run(concurrency, seconds, sequence -> {
            Order order = ORDER.accept(clock);
            store.create(OrderRecord.pending(order, OrderJson.write(order), Channel.ASYNC, Optional.empty(), OptionalLong.empty())
                    .withQueuedAt(clock.instant()));
            return true;
        });
    }

    /** How many of these orders the store does not have as pending and queued (a 202 for an order not queued). */
    public long notQueued(List<String> orderIds) throws Exception {
        ExecutorService readers = Executors.newFixedThreadPool(16);
        try {
            List<Future<Boolean>> found = new ArrayList<>();
            for (String id : orderIds) {
                found.add(readers.submit(() -> store.find(id).map(o -> o.queuedAt().isPresent()).orElse(false)));
            }
            long missing = 0;
            for (Future<Boolean> one : found) {
                missing += one.get() ? 0 : 1;
            }
            return missing;
        } finally {
            readers.shutdown();
        }
    }

    @Override
    public void close() {
        dynamoDb.close();
    }
}
