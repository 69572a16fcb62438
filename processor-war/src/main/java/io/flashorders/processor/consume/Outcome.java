package io.flashorders.processor.consume;

import java.time.Duration;
import java.util.Optional;

/**
 * What became of one order message on its worker, and so what happens to the message: when done with (paid, or the
 * order had finished already) it is deleted, after a failed payment it comes back later, and a message that can never
 * be processed goes to the dead-letter queue.
 *
 * @param reason why it is not done with ({@code payment_failed}, {@code malformed_json}, ...); empty when done
 * @param detail for a log line or the dead-letter message
 * @param retryAfter for a retry: when to try again, if known better than the back-off (an order another processor
 *                   holds is free at the latest when that claim runs out)
 */
record Outcome(Kind kind, String reason, String detail, Optional<Duration> retryAfter) {

    enum Kind { DONE, RETRY, POISON }

    static Outcome done() {
        return new Outcome(Kind.DONE, "", "", Optional.empty());
    }

    static Outcome retry(String reason, String detail) {
        return new Outcome(Kind.RETRY, reason, detail, Optional.empty());
    }

    static Outcome retryAfter(String reason, String detail, Duration delay) {
        return new Outcome(Kind.RETRY, reason, detail, Optional.of(delay));
    }

    static Outcome poison(String reason, String detail) {
        return new Outcome(Kind.POISON, reason, detail, Optional.empty());
    }
}
