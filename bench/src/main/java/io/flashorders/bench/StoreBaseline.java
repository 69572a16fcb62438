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
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The order store's limit for the acceptance path: {@code concurrency} threads doing what the order API does to the
 * store for each async order without a key (record it as pending, then note it as queued), through the application's
 * own {@link DynamoOrderStore}, against the same DynamoDB Local, as fast as it answers. Not one of the two
 * baselines; it shows how much of the gap to them the store explains.
 */
public final class StoreBaseline implements AutoCloseable {

    private static final NewOrder ORDER = new NewOrder(123, OrderLimits.DEFAULT_CURRENCY, List.of(new OrderItem("sku-42", 2, new BigDecimal("19.99"))));

    private final DynamoDbClient dynamoDb;
    private final DynamoOrderStore store;

    public StoreBaseline(URI endpoint) {
        this.dynamoDb = AwsClients.dynamoDb(AwsSettings.local(endpoint), Optional.of(endpoint));
        this.store = new DynamoOrderStore(dynamoDb, OrderTable.DEFAULT_NAME, Duration.ofSeconds(5));
    }

    /** Orders recorded and noted as queued per second; latency of the two writes together. */
    public LoadResult run(int concurrency, int seconds) throws Exception {
        Clock clock = Clock.systemUTC();
        return ClosedLoop.run(concurrency, seconds, sequence -> {
            Order order = ORDER.accept(clock);
            store.create(OrderRecord.pending(order, OrderJson.write(order), Channel.ASYNC, Optional.empty(), OptionalLong.empty()));
            store.markQueued(order.orderId(), clock.instant());
            return true;
        });
    }

    @Override
    public void close() {
        dynamoDb.close();
    }
}
