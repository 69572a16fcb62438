package io.flashorders.core.sale;

import java.util.Objects;
import java.util.Optional;

/** A decision and the reservation it concerns, as it is after the decision (empty when there is none). */
public record Verdict(Decision decision, Optional<Reservation> reservation) {

    public Verdict {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(reservation, "reservation");
    }

    public static Verdict of(Decision decision) {
        return new Verdict(decision, Optional.empty());
    }
}
