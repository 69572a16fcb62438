package io.flashorders.core.payment;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated provider's record of charges by idempotency key. A key is claimed before its charge runs, so two
 * requests under one key can never both charge; a claim that ends without a charge leaves no trace. Thread-safe.
 */
public final class PaymentLedger {

    private static final Charge IN_PROGRESS = new Charge("", "", "", BigDecimal.ZERO, Instant.EPOCH);

    private final ConcurrentMap<String, Charge> charges = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final Clock clock;

    public PaymentLedger(Clock clock) {
        this.clock = clock;
    }

    public PaymentLedger() {
        this(Clock.systemUTC());
    }

    /** The charge made under this key, if one was. */
    public Optional<Charge> find(String idempotencyKey) {
        Charge charge = charges.get(idempotencyKey);
        return charge == null || charge == IN_PROGRESS ? Optional.empty() : Optional.of(charge);
    }

    /** Every charge made, in no particular order. */
    public List<Charge> charges() {
        List<Charge> made = new ArrayList<>();
        for (Charge charge : charges.values()) {
            if (charge != IN_PROGRESS) {
                made.add(charge);
            }
        }
        return made;
    }

    /**
     * Claims the key for a charge about to run.
     *
     * @return the earlier charge when the key was already charged (nothing is to be charged), else empty: go ahead
     * @throws PaymentInProgressException when a charge under the same key is running
     */
    Optional<Charge> begin(String idempotencyKey) throws PaymentInProgressException {
        Charge existing = charges.putIfAbsent(idempotencyKey, IN_PROGRESS);
        if (existing == IN_PROGRESS) {
            throw new PaymentInProgressException(idempotencyKey);
        }
        return Optional.ofNullable(existing);
    }

    Charge complete(ChargeRequest request) {
        Charge charge = new Charge("ch_" + sequence.incrementAndGet(), request.idempotencyKey(), request.orderId(),
                request.amount(), clock.instant());
        charges.put(request.idempotencyKey(), charge);
        return charge;
    }

    void abandon(String idempotencyKey) {
        charges.remove(idempotencyKey, IN_PROGRESS);
    }
}
