package io.flashorders.processor.consume;

/**
 * What became of one order message on its worker, and so what happens to the message: a paid order's message is
 * deleted, a failed payment's comes back later, a message that can never be processed goes to the dead-letter queue.
 *
 * @param reason why it was not paid ({@code payment_failed}, {@code malformed_json}, ...); empty when paid
 * @param detail for a log line or the dead-letter message
 */
record Outcome(Kind kind, String reason, String detail) {

    enum Kind { PAID, RETRY, POISON }

    static Outcome paid() {
        return new Outcome(Kind.PAID, "", "");
    }

    static Outcome retry(String reason, String detail) {
        return new Outcome(Kind.RETRY, reason, detail);
    }

    static Outcome poison(String reason, String detail) {
        return new Outcome(Kind.POISON, reason, detail);
    }
}
