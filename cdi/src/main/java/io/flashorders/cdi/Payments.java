package io.flashorders.cdi;

import io.flashorders.core.order.Order;
import io.flashorders.core.payment.GateBusyException;
import io.flashorders.core.payment.Payer;
import io.flashorders.core.payment.Payment;
import io.flashorders.core.payment.PaymentDeclinedException;
import io.flashorders.core.payment.PaymentFailedException;
import io.flashorders.core.payment.PaymentInProgressException;
import io.flashorders.core.payment.PaymentStep;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/** The payment step as the applications use it: through the gate, at most once per order, counted and timed. */
@ApplicationScoped
public class Payments implements Payer {

    @Inject
    PaymentStep step;

    @Inject
    PaymentCapacity capacity;

    @Inject
    MetricRegistry metrics;

    private Counter completed;
    private Counter repeated;
    private Counter failed;
    private Counter declined;
    private Timer paymentTime;

    /** Created with the application, so its metrics are on /metrics before the first payment. */
    void startWithApplication(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // the observer's only job is to instantiate the bean
    }

    @PostConstruct
    void registerMetrics() {
        Tag owner = new Tag("owner", capacity.owner());
        completed = metrics.counter(Metadata.builder().withName("payments.completed")
                .withDescription("Payments that went through").build(), owner);
        repeated = metrics.counter(Metadata.builder().withName("payments.repeated")
                .withDescription("Payments asked for again under an idempotency key already paid: answered from the ledger, not charged").build(), owner);
        failed = metrics.counter(Metadata.builder().withName("payments.failed")
                .withDescription("Payments the provider failed, or whose outcome is unknown (timeout, lost answer): safe to try again under the same key").build(), owner);
        declined = metrics.counter(Metadata.builder().withName("payments.declined")
                .withDescription("Payments the provider declined for good: nothing charged, the order failed").build(), owner);
        paymentTime = metrics.timer(Metadata.builder().withName("payment.time")
                .withDescription("Time a payment took, waiting for a permit included").withUnit(MetricUnits.SECONDS).build(), owner);
        metrics.gauge(Metadata.builder().withName("payment.permits.busy")
                .withDescription("Payment permits held right now").build(), step.gate(), gate -> gate.busy(), owner);
        metrics.gauge(Metadata.builder().withName("payment.permits")
                .withDescription("Payment permits in all (the gate's concurrency)").build(), step.gate(), gate -> gate.permits(), owner);
    }

    @Override
    public Payment pay(Order order)
            throws GateBusyException, PaymentInProgressException, PaymentFailedException, PaymentDeclinedException, InterruptedException {
        long start = System.nanoTime();
        Payment payment;
        try {
            payment = step.pay(order);
        } catch (PaymentFailedException e) {
            failed.inc();
            throw e;
        } catch (PaymentDeclinedException e) {
            declined.inc();
            throw e;
        }
        if (payment.alreadyPaid()) {
            repeated.inc();
        } else {
            paymentTime.update(Duration.ofNanos(System.nanoTime() - start));
            completed.inc();
        }
        return payment;
    }

    public Duration retryAfter() {
        return step.gate().retryAfter();
    }
}
