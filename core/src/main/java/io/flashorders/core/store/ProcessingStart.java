package io.flashorders.core.store;

import java.util.Objects;
import java.util.Optional;

/**
 * What came of a processor's attempt to start on an order ({@link OrderStore#startProcessing}).
 *
 * @param record the order as it was found, for {@link Kind#FINISHED} (an event may have to be sent again)
 */
public record ProcessingStart(Kind kind, Optional<OrderRecord> record) {

    public enum Kind {
        /** The order was pending (or unknown) and is now processing, claimed by the caller: pay for it. */
        STARTED,
        /** The order was processing, but its claim had run out (its processor died): claimed again, pay for it. */
        TAKEN_OVER,
        /** Another processor holds a live claim on it: leave the message for later. */
        BUSY,
        /** Completed, failed or rejected already: acknowledge the message without paying. */
        FINISHED
    }

    public ProcessingStart {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(record, "record");
    }

    public static ProcessingStart of(Kind kind) {
        return new ProcessingStart(kind, Optional.empty());
    }

    public static ProcessingStart finished(OrderRecord record) {
        return new ProcessingStart(Kind.FINISHED, Optional.of(record));
    }
}
