package io.flashorders.order.intake;

import io.flashorders.cdi.PaymentCapacity;
import io.flashorders.cdi.PaymentProducer;
import io.flashorders.core.intake.OrderIntake;
import io.flashorders.core.intake.Reconciler;
import io.flashorders.core.intake.Settlement;
import io.flashorders.core.payment.PaymentProvider;
import io.flashorders.core.publish.OrderPublisher;
import io.flashorders.core.store.BatchedOrderRecorder;
import io.flashorders.core.store.OrderStore;
import io.flashorders.order.OrderSettings;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** The order API's intake (idempotency keys) and its reconciler (republishing and settling), from configuration. */
@ApplicationScoped
public class IntakeProducer {

    /** The reconciler publishes at most this many orders in one pass; the next pass takes the rest. */
    private static final int RECONCILER_BATCH = 100;

    @Inject
    OrderSettings config;

    @Inject
    PaymentCapacity syncCapacity;

    @Inject
    PaymentProducer payments;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;

    private BatchedOrderRecorder recorder;

    /** Concurrent async orders share their record's store write (orders.store.batch.max above 1). */
    @Produces
    @Singleton
    OrderIntake intake(OrderStore store, OrderPublisher publisher) {
        if (config.storeBatchMax() == 1) {
            return new OrderIntake(store, publisher, Clock.systemUTC(), settings(), executor);
        }
        recorder = new BatchedOrderRecorder(store, config.storeBatchMax(), config.storeLinger());
        return new OrderIntake(store, recorder, publisher, Clock.systemUTC(), settings(), executor);
    }

    @PreDestroy
    void close() {
        if (recorder != null) {
            recorder.close();
        }
    }

    /** A sync order is held for the longest its request can take: a permit's wait, the provider's timeout, a margin. */
    private OrderIntake.Settings settings() {
        Duration margin = config.settleMargin();
        return new OrderIntake.Settings(config.idempotencyLifetime(), config.idempotencyReplayWait(),
                syncCapacity.maxWait().plus(payments.providerTimeout()).plus(margin), margin);
    }

    @Produces
    @Singleton
    Reconciler reconciler(OrderStore store, OrderPublisher publisher, PaymentProvider provider) {
        Settlement settlement = new Settlement(store, provider, publisher, Clock.systemUTC(), settings().syncHold());
        return new Reconciler(store, publisher, Optional.of(settlement), Clock.systemUTC(), config.reconcilerStaleAfter(),
                RECONCILER_BATCH);
    }
}
