package io.flashorders.processor.consume;

import io.flashorders.cdi.PaymentCapacity;
import io.flashorders.processor.ProcessorSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * One payment permit per worker: the worker pool is what bounds the processor's payments, and a worker
 * only runs once it has been claimed, so it never has to wait for a permit.
 */
@ApplicationScoped
public class WorkerPaymentCapacity {

    @Inject
    ProcessorSettings config;

    @Produces
    @Singleton
    PaymentCapacity capacity() {
        return new PaymentCapacity("processor", config.workers().workers(), Duration.ofSeconds(1));
    }
}
