package io.flashorders.core.payment;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;

/**
 * A payment provider simulated in this process: a charge takes the configured latency (with jitter), fails or is
 * declined at the configured rates, and is kept in a {@link PaymentLedger} by idempotency key. The simulation can be changed while it
 * runs, so an experiment can inject failures into a live system.
 */
public final class SimulatedPaymentProvider implements PaymentProvider {

    private final PaymentLedger ledger;
    private final DoubleSupplier random;
    private final AtomicReference<ProviderSimulation> simulation;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong charged = new AtomicLong();
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong declined = new AtomicLong();

    public SimulatedPaymentProvider(ProviderSimulation simulation, PaymentLedger ledger, DoubleSupplier random) {
        this.simulation = new AtomicReference<>(Objects.requireNonNull(simulation, "simulation"));
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.random = Objects.requireNonNull(random, "random");
    }

    public SimulatedPaymentProvider(ProviderSimulation simulation) {
        this(simulation, new PaymentLedger(), () -> ThreadLocalRandom.current().nextDouble());
    }

    @Override
    public ChargeResult charge(ChargeRequest request)
            throws PaymentInProgressException, PaymentFailedException, PaymentDeclinedException, InterruptedException {
        requests.incrementAndGet();
        Optional<Charge> earlier;
        try {
            earlier = ledger.begin(request);
        } catch (PaymentInProgressException e) {
            conflicts.incrementAndGet();
            throw e;
        }
        if (earlier.isPresent()) {
            if (!request.sameAs(earlier.get())) {
                throw new IdempotencyKeyReusedException(request.idempotencyKey());
            }
            replayed.incrementAndGet();
            return new ChargeResult(earlier.get(), true);
        }
        try {
            ProviderSimulation now = simulation.get();
            Duration latency = now.latencyFor(random.getAsDouble());
            TimeUnit.NANOSECONDS.sleep(latency.toNanos());
            if (now.failsFor(random.getAsDouble())) {
                failed.incrementAndGet();
                throw new PaymentFailedException("simulated provider failure (failure rate " + now.failureRate() + ")");
            }
            // Drawn only when declines are on, so a seeded run without them draws as it always did.
            if (now.declineRate() > 0 && now.declinesFor(random.getAsDouble())) {
                ledger.decline(request, PaymentDeclinedException.CARD_DECLINED);
                declined.incrementAndGet();
                throw new PaymentDeclinedException(PaymentDeclinedException.CARD_DECLINED,
                        "simulated decline (decline rate " + now.declineRate() + ")");
            }
            Charge charge = ledger.complete(request);
            charged.incrementAndGet();
            return new ChargeResult(charge, false);
        } finally {
            ledger.abandon(request.idempotencyKey());
        }
    }

    @Override
    public ChargeLookup lookup(String idempotencyKey) {
        return ledger.lookup(idempotencyKey);
    }

    public PaymentLedger ledger() {
        return ledger;
    }

    /** Takes effect for charges that start from now on. */
    public void simulate(ProviderSimulation next) {
        simulation.set(Objects.requireNonNull(next, "simulation"));
    }

    public ProviderStats stats() {
        return new ProviderStats(requests.get(), charged.get(), replayed.get(), conflicts.get(), failed.get(), declined.get());
    }
}
