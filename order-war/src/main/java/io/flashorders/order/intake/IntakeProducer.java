package io.flashorders.order.intake;

import io.flashorders.core.intake.OrderIntake;
import io.flashorders.core.intake.Reconciler;
import io.flashorders.core.publish.OrderPublisher;
import io.flashorders.core.store.OrderStore;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The order API's intake (idempotency keys) and its reconciler, from configuration. */
@ApplicationScoped
public class IntakeProducer {

    /** The reconciler publishes at most this many orders in one pass; the next pass takes the rest. */
    private static final int RECONCILER_BATCH = 100;

    @Inject
    @ConfigProperty(name = "orders.idempotency.lifetime.hours", defaultValue = "24")
    long keyLifetimeHours;

    @Inject
    @ConfigProperty(name = "orders.idempotency.replay-wait.ms", defaultValue = "10000")
    long replayWaitMillis;

    @Inject
    @ConfigProperty(name = "orders.reconciler.stale-after.ms", defaultValue = "30000")
    long staleAfterMillis;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;

    @Produces
    @Singleton
    OrderIntake intake(OrderStore store, OrderPublisher publisher) {
        return new OrderIntake(store, publisher, Clock.systemUTC(),
                new OrderIntake.Settings(Duration.ofHours(keyLifetimeHours), Duration.ofMillis(replayWaitMillis)), executor);
    }

    @Produces
    @Singleton
    Reconciler reconciler(OrderStore store, OrderPublisher publisher) {
        return new Reconciler(store, publisher, Clock.systemUTC(), Duration.ofMillis(staleAfterMillis), RECONCILER_BATCH);
    }
}
