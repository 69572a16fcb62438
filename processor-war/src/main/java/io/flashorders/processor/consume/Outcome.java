package io.flashorders.processor.consume;

/**
 * What became of one order message on its worker, and so what happens to the message: when done with (paid, or the
 * order had finished already) it is deleted, after a failed payment it comes back later, and a message that can never
 * be processed goes to the dead-letter queue.
 *
 * @param reason why it is not done with ({@code payment_failed}, {@code malformed_json}, ...); empty when done
 * @param detail for a log line or the dead-letter message
 */
record Outcome(Kind kind, String reason, String detail) {

    enum Kind { DONE, RETRY, POISON }

    static Outcome done() {
        return new Outcome(Kind.DONE, "", "");
    }

    static Outcome retry(String reason, String detail) {
        return new Outcome(Kind.RETRY, reason, detail);
    }

    static Outcome poison(String reason, String detail) {
        return new Outcome(Kind.POISON, reason, detail);
    }
}
