package io.flashorders.core.payment;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.flashorders.core.money.Money;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated provider's record of charges by idempotency key. A key is claimed before its charge runs, so two
 * requests under one key can never both charge; a claim that ends without a charge leaves no trace, unless it ended in
 * a decline, which is kept and answered again for the same key. Thread-safe.
 */
public final class PaymentLedger {

    private static final Charge IN_PROGRESS = new Charge("", "", "", BigDecimal.ZERO, null, Instant.EPOCH);

    private final ConcurrentMap<String, Charge> charges = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Decline> declines = new ConcurrentHashMap<>();
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

    /** What the ledger holds under this key: a charge, a decline, a charge running, or nothing. */
    public ChargeLookup lookup(String idempotencyKey) {
        Charge charge = charges.get(idempotencyKey);
        if (charge == IN_PROGRESS) {
            return new ChargeLookup.Running();
        }
        if (charge != null) {
            return new ChargeLookup.Charged(charge);
        }
        Decline declined = declines.get(idempotencyKey);
        return declined != null ? new ChargeLookup.Declined(declined.code()) : new ChargeLookup.None();
    }

    /** Whether a charge under this key is running: claimed, and neither charged nor abandoned yet. */
    public boolean running(String idempotencyKey) {
        return charges.get(idempotencyKey) == IN_PROGRESS;
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

    /** Declines, in no particular order. */
    public List<Decline> declines() {
        return List.copyOf(declines.values());
    }

    /**
     * Claims the key for a charge about to run.
     *
     * @return the earlier charge when the key was already charged (nothing is to be charged), else empty: go ahead
     * @throws PaymentInProgressException when a charge under the same key is running
     * @throws PaymentDeclinedException when the key was declined before (for the same request; else 422)
     */
    Optional<Charge> begin(ChargeRequest request) throws PaymentInProgressException, PaymentDeclinedException {
        String key = request.idempotencyKey();
        Charge existing = charges.putIfAbsent(key, IN_PROGRESS);
        if (existing == IN_PROGRESS) {
            throw new PaymentInProgressException(key);
        }
        // Declined under this key before: a decline is recorded before its claim ends, so it is seen here.
        Decline declined = existing == null ? declines.get(key) : null;
        if (declined != null) {
            abandon(key);
            if (!request.sameAs(declined)) {
                throw new IdempotencyKeyReusedException(key);
            }
            throw new PaymentDeclinedException(declined.code(), "declined before under this key: " + declined.code());
        }
        return Optional.ofNullable(existing);
    }

    /** Records the decline of a claimed key; the claim still has to be abandoned. */
    void decline(ChargeRequest request, String code) {
        declines.put(request.idempotencyKey(),
                new Decline(request.idempotencyKey(), request.orderId(), request.amount().amount(), request.amount().currency(), code,
                        clock.instant()));
    }

    /** A charge the provider declined for good. */
    public record Decline(String idempotencyKey, String orderId, BigDecimal amount, Currency currency, String code,
                          Instant declinedAt) {

        @JsonIgnore
        public Money money() {
            return Money.of(amount, currency);
        }
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
