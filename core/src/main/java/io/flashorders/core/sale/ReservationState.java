package io.flashorders.core.sale;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a reservation (a hold on one unit) is in its life, written in lower case on the wire:
 *
 * <pre>
 * reserved ──checkout──▶ checking_out ──order completed──▶ purchased
 *    │ │                      └──────order failed/rejected──▶ released
 *    │ └──hold time over──▶ expired
 *    └──customer──▶ cancelled
 * </pre>
 *
 * A reserved or checking-out reservation holds its unit; purchased has sold it; the other three gave it back.
 */
public enum ReservationState {
    RESERVED, CHECKING_OUT, PURCHASED, EXPIRED, RELEASED, CANCELLED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ReservationState fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** Whether the reservation still holds its unit (neither sold nor given back). */
    public boolean holdsUnit() {
        return this == RESERVED || this == CHECKING_OUT;
    }

    /** Purchased, expired, released or cancelled: nothing more happens to it. */
    public boolean isFinal() {
        return !holdsUnit();
    }
}
