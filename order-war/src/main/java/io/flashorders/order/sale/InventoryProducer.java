package io.flashorders.order.sale;

import io.flashorders.core.intake.OrderIntake;
import io.flashorders.core.sale.Inventory;
import io.flashorders.core.sale.SaleCheckout;
import io.flashorders.core.sale.SaleSweeper;
import io.flashorders.core.store.OrderStore;
import io.flashorders.core.sale.limit.RateLimitPolicy;
import io.flashorders.inventory.RedisInventory;
import io.flashorders.inventory.RedisRateLimiter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The sales' inventory store (Redis through Lettuce), its rate limits, checkout and sweeper, from {@link SaleSettings}. */
@ApplicationScoped
public class InventoryProducer {

    @Produces
    @Singleton
    RedisInventory inventory(SaleSettings settings) {
        return RedisInventory.connect(settings.redisUri(), settings.redisTimeout(), settings.redisCluster());
    }

    static void close(@Disposes RedisInventory inventory) {
        inventory.close();
    }

    @Produces
    @Singleton
    RedisRateLimiter rateLimiter(RedisInventory inventory) {
        return RedisRateLimiter.sharing(inventory);
    }

    static void close(@Disposes RedisRateLimiter limiter) {
        limiter.close();
    }

    @Produces
    @Singleton
    RateLimitPolicy rateLimitPolicy(RedisRateLimiter limiter) {
        return new RateLimitPolicy(limiter);
    }

    @Produces
    @Singleton
    SaleCheckout checkout(RedisInventory inventory, OrderIntake intake) {
        return new SaleCheckout(inventory, intake, Clock.systemUTC());
    }

    @Produces
    @Singleton
    SaleSweeper sweeper(RedisInventory inventory, OrderStore orders, SaleSettings settings) {
        return new SaleSweeper(inventory, orders, Clock.systemUTC(), settings.settleGrace(), settings.sweepBatch());
    }
}
