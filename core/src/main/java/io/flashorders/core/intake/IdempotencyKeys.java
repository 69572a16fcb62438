package io.flashorders.core.intake;

import io.flashorders.core.json.InvalidOrderException;
import io.flashorders.core.json.Problem;
import java.util.List;
import java.util.Optional;

/** The {@code Idempotency-Key} request header: optional, and when given 1 to 255 visible ASCII characters. */
public final class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    public static final String INVALID = "invalid_idempotency_key";
    public static final int MAX_LENGTH = 255;

    private IdempotencyKeys() {
    }

    /**
     * @param header the header's value as received, or null when it was not sent
     * @throws InvalidOrderException ({@value #INVALID}) for an empty, overlong or non-ASCII key
     */
    public static Optional<String> check(String header) {
        if (header == null) {
            return Optional.empty();
        }
        if (header.isEmpty() || header.length() > MAX_LENGTH || !header.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new InvalidOrderException(INVALID, List.of(new Problem(HEADER,
                    "must be 1 to " + MAX_LENGTH + " visible ASCII characters (a UUID, for example)")));
        }
        return Optional.of(header);
    }
}
