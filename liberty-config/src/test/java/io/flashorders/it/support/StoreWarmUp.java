package io.flashorders.it.support;

import io.flashorders.core.json.OrderJson;
import io.flashorders.core.money.Money;
import io.flashorders.core.money.OrderLimits;
import io.flashorders.core.order.Order;
import io.flashorders.core.order.OrderItem;
import io.flashorders.core.order.OrderStatus;
import io.flashorders.core.store.Channel;
import io.flashorders.core.store.OrderRecord;
import io.flashorders.core.store.OrderStore;
import io.flashorders.core.store.PaymentOutcome;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * DynamoDB Local runs in the test JVM, and a cold one answers a few times slower than a warm one: before the tests
 * measure anything, a few hundred orders go through the writes an order makes (recorded, queued, processing,
 * completed), so that they do not measure its JIT compiler. The orders are completed, so the reconciler ignores them.
 */
final class StoreWarmUp {

    private static final int ORDERS = 250;
    private static final int THREADS = 8;

    private StoreWarmUp() {
    }

    static void run(OrderStore store) {
        long start = System.nanoTime();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < ORDERS; i++) {
                done.add(threads.submit(() -> oneOrder(store)));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local warm-up failed", e);
        } finally {
            threads.shutdownNow();
        }
        System.out.printf("DynamoDB Local warmed up: %d orders through every write in %.1f s%n", ORDERS, (System.nanoTime() - start) / 1e9);
    }

    private static void oneOrder(OrderStore store) {
        Instant now = Instant.now();
        Order order = new Order("warm-up-" + UUID.randomUUID(), 1, OrderStatus.PENDING, OrderLimits.DEFAULT_CURRENCY, List.of(new OrderItem("warm-up", 1, BigDecimal.ONE)), now);
        OrderRecord record = OrderRecord.pending(order, OrderJson.write(order), Channel.ASYNC, Optional.empty(), OptionalLong.of(0));
        store.create(record);
        store.markQueued(order.orderId(), now);
        store.startProcessing(record, "warm-up", now, Duration.ofSeconds(30));
        store.complete(order.orderId(), now, new PaymentOutcome(Money.of(BigDecimal.ONE, OrderLimits.DEFAULT_CURRENCY), now, false), now);
        store.find(order.orderId());
    }
}
