package io.flashorders.core.processing;

import io.flashorders.core.order.OrderStatus;
import io.flashorders.core.payment.Payment;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one order message ({@link OrderProcessing#process}) or one payment ({@link OrderProcessing#pay}).
 * Each transport maps it: the processor deletes the message for {@link Paid}, {@link AlreadyFinished} and
 * {@link Declined}, lets it come back for {@link RetryLater} and dead-letters {@link Poison}; the Lambda fails the
 * invocation for the last two; the sync endpoint answers 200, 402 or 503.
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

    /**
     * The message can never be processed: it holds no readable order.
     *
     * @param code why, as {@link io.flashorders.core.json.InvalidOrderException#code()} says ({@code malformed_json}, ...)
     */
    record Poison(String code, String detail) implements ProcessingOutcome {

        @Override
        public String orderId() {
            return null;
        }
    }
}
