package io.flashorders.processor.consume;

import io.flashorders.cdi.PaymentCapacity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One payment permit per worker: the worker pool is what bounds the processor's payments, and a worker
 * only runs once it has been claimed, so it never has to wait for a permit.
 */
@ApplicationScoped
public class WorkerPaymentCapacity {

    @Inject
    @ConfigProperty(name = "processor.workers")
    int workers;

    @Produces
    @Singleton
    PaymentCapacity capacity() {
        return new PaymentCapacity("processor", workers, Duration.ofSeconds(1));
    }
}
