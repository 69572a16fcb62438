package io.flashorders.core.processing;

import io.flashorders.core.order.OrderStatus;
import io.flashorders.core.payment.Payment;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one order message ({@link OrderProcessing#process}) or one payment ({@link OrderProcessing#pay}).
 * Each transport maps it: the processor deletes the message for {@link Paid}, {@link AlreadyFinished} and
 * {@link Declined}, lets it come back for {@link RetryLater} and dead-letters a {@link DeadLetter} ({@link Poison},
 * {@link CompletionFailed}); the Lambda fails the invocation for those; the sync endpoint answers 200, 402 or 503.
 */
public sealed interface ProcessingOutcome {

    /** @return the order's id; null only for {@link Poison}, whose message held no readable order */
    String orderId();

    /** What a payment alone can come to: paid, declined, or not paid yet. */
    sealed interface OfPayment extends ProcessingOutcome {
    }

    /** Paid now, or answered from the ledger when it had been paid before ({@link Payment#alreadyPaid()}). */
    record Paid(Payment payment) implements OfPayment {

        public Paid {
            Objects.requireNonNull(payment, "payment");
        }

        @Override
        public String orderId() {
            return payment.order().orderId();
        }
    }

    /** The order had finished ({@code completed}, {@code failed} or {@code rejected}): nothing paid. */
    record AlreadyFinished(String orderId, OrderStatus status) implements ProcessingOutcome {
    }

    /** The provider declined for good; the order failed. @param code the provider's reason, e.g. {@code card_declined} */
    record Declined(String orderId, String code) implements OfPayment {
    }

    /**
     * Not paid, and worth trying again.
     *
     * @param after when to try again, when known better than a back-off (an order another processor holds is free at
     *              the latest when that claim runs out)
     */
    record RetryLater(String orderId, Reason reason, String detail, Optional<Duration> after) implements OfPayment {

        public RetryLater {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(after, "after");
            detail = String.valueOf(detail);
        }

        RetryLater(String orderId, Reason reason, String detail) {
            this(orderId, reason, detail, Optional.empty());
        }
    }

    /** Not to be tried again by its message: the processor sends it to the dead-letter queue at once, with the code. */
    sealed interface DeadLetter extends ProcessingOutcome {

        /** The reason the dead-lettered message carries. */
        String code();

        String detail();
    }

    /**
     * Paid, but the store refused the completion write on every attempt. The charge stands and the order stays
     * claimed: the reconciler completes it from the provider's ledger once the claim has run out and the store accepts
     * the write. Its message is dead-lettered ({@code completion_failed}) so that an operator sees it.
     */
    record CompletionFailed(String orderId, String detail) implements DeadLetter {

        @Override
        public String code() {
            return Reason.COMPLETION_FAILED.code();
        }
    }

    /**
     * The message can never be processed: it holds no readable order.
     *
     * @param code why, as {@link io.flashorders.core.json.InvalidOrderException#code()} says ({@code malformed_json}, ...)
     */
    record Poison(String code, String detail) implements DeadLetter {

        @Override
        public String orderId() {
            return null;
        }
    }
}
