package io.flashorders.order.intake;

import io.flashorders.core.intake.OrderIntake;
import io.flashorders.core.intake.Reconciler;
import io.flashorders.core.publish.OrderPublisher;
import io.flashorders.core.store.OrderStore;
import io.flashorders.order.OrderSettings;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The order API's intake (idempotency keys) and its reconciler, from configuration. */
@ApplicationScoped
public class IntakeProducer {

    /** The reconciler publishes at most this many orders in one pass; the next pass takes the rest. */
    private static final int RECONCILER_BATCH = 100;

    @Inject
    OrderSettings config;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;

    @Produces
    @Singleton
    OrderIntake intake(OrderStore store, OrderPublisher publisher) {
        return new OrderIntake(store, publisher, Clock.systemUTC(),
                new OrderIntake.Settings(config.idempotencyLifetime(), config.idempotencyReplayWait()), executor);
    }

    @Produces
    @Singleton
    Reconciler reconciler(OrderStore store, OrderPublisher publisher) {
        return new Reconciler(store, publisher, Clock.systemUTC(), config.reconcilerStaleAfter(), RECONCILER_BATCH);
    }
}
