package io.flashorders.core.payment;

/** What the provider's ledger holds under an idempotency key ({@link PaymentProvider#lookup}). */
public sealed interface ChargeLookup {

    /** Charged, once: this charge. */
    record Charged(Charge charge) implements ChargeLookup {
    }

    /** Declined for good, with the provider's reason; nothing was charged, and the same key is declined again. */
    record Declined(String code) implements ChargeLookup {
    }

    /** A charge under the key is running right now: ask again once it has ended. */
    record Running() implements ChargeLookup {
    }

    /** Nothing under the key: no charge was made, and none is running. */
    record None() implements ChargeLookup {
    }
}
