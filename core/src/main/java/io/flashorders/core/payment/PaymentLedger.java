package io.flashorders.core.payment;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The simulated payment provider's record of payments by idempotency key, honoured the way a real provider
 * honours an {@code Idempotency-Key} header: a key that was paid is never charged again (the first payment is
 * returned), and a key whose payment is still running is refused until that payment ends. A payment that did
 * not go through leaves no trace, so it can be tried again. Thread-safe.
 */
public final class PaymentLedger {

    private static final LedgerEntry IN_PROGRESS = new LedgerEntry("", BigDecimal.ZERO, Instant.EPOCH);

    private final ConcurrentMap<String, LedgerEntry> entries = new ConcurrentHashMap<>();
    private final Clock clock;

    public PaymentLedger(Clock clock) {
        this.clock = clock;
    }

    public PaymentLedger() {
        this(Clock.systemUTC());
    }

    /** The payment made under this key, if one was. */
    public Optional<LedgerEntry> find(String idempotencyKey) {
        LedgerEntry entry = entries.get(idempotencyKey);
        return entry == null || entry == IN_PROGRESS ? Optional.empty() : Optional.of(entry);
    }

    /** Every payment made, in no particular order. */
    public List<LedgerEntry> entries() {
        List<LedgerEntry> paid = new ArrayList<>();
        for (LedgerEntry entry : entries.values()) {
            if (entry != IN_PROGRESS) {
                paid.add(entry);
            }
        }
        return paid;
    }

    /**
     * Claims the key for a payment about to run.
     *
     * @return the earlier payment when the key was already paid (nothing is to be charged), else empty: go ahead
     * @throws PaymentInProgressException when another payment under the same key is running
     */
    Optional<LedgerEntry> begin(String idempotencyKey) throws PaymentInProgressException {
        LedgerEntry existing = entries.putIfAbsent(idempotencyKey, IN_PROGRESS);
        if (existing == IN_PROGRESS) {
            throw new PaymentInProgressException(idempotencyKey);
        }
        return Optional.ofNullable(existing);
    }

    LedgerEntry complete(String idempotencyKey, BigDecimal amount) {
        LedgerEntry paid = new LedgerEntry(idempotencyKey, amount, clock.instant());
        entries.put(idempotencyKey, paid);
        return paid;
    }

    void abandon(String idempotencyKey) {
        entries.remove(idempotencyKey, IN_PROGRESS);
    }
}
