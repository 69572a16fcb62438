package io.flashorders.core.sale;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a sale stands for a customer, written in lower case on the wire. */
public enum SaleState {
    /** Before its start: nothing can be reserved yet. */
    UPCOMING,
    /** Between start and end with units available. */
    OPEN,
    /** Between start and end with every unit held or sold; a cancelled or expired hold makes it open again. */
    SOLD_OUT,
    /** At or after its end, or closed by an admin: nothing more can be reserved; holds may still be checked out. */
    ENDED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
