package io.flashorders.order.api;

import io.flashorders.cdi.Payments;
import io.flashorders.core.intake.IdempotencyKeys;
import io.flashorders.cdi.web.ApiError;
import io.flashorders.core.intake.OrderIntake;
import io.flashorders.core.json.OrderJson;
import io.flashorders.core.processing.OrderProcessing;
import io.flashorders.core.processing.ProcessingOutcome;
import io.flashorders.core.processing.ProcessingOutcome.Declined;
import io.flashorders.core.processing.ProcessingOutcome.Paid;
import io.flashorders.core.processing.ProcessingOutcome.RetryLater;
import io.flashorders.core.processing.Reason;
import io.flashorders.core.store.OrderRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The sync endpoint's payment of a recorded order, the core's {@link OrderProcessing#pay} mapped to HTTP: completed and
 * 200; failed and 402 when the provider declines; rejected and 503 when nothing can have been charged (the gate is
 * busy, the provider refused before charging); or, when the outcome is unknown (a timeout, a lost answer, an
 * interrupted call), left pending with its key and 503 {@code payment_unknown}: a retry with the key pays the same
 * order id, which the provider replays, and otherwise the reconciler settles it from the provider's ledger. A resumed
 * order (a retry's) is never rejected: an earlier attempt may have charged it.
 */
@ApplicationScoped
public class InlinePayment {

    @Inject
    Payments payments;

    @Inject
    OrderIntake intake;

    @Inject
    OrderCounters counters;

    private final Clock clock = Clock.systemUTC();

    /**
     * @param order   held by this request ({@link OrderRecord#settleAt})
     * @param resumed the order was recorded by an earlier request with the same key, whose payment's outcome is unknown
     */
    public Response pay(OrderRecord order, boolean resumed) {
        Instant started = clock.instant();
        ProcessingOutcome.OfPayment outcome = OrderProcessing.pay(payments, order.order());
        if (outcome instanceof Paid paid) {
            intake.paid(order, started, paid.payment());
            counters.accepted("sync");
            return Response.ok(OrderJson.write(paid.payment().order())).build();
        }
        if (outcome instanceof Declined declined) {
            intake.declined(order, declined.code());
            return declined(counters, declined.code());
        }
        RetryLater retry = (RetryLater) outcome;
        if (resumed || retry.reason() == Reason.PAYMENT_UNKNOWN) {
            return unknown(order, retry.detail());
        }
        // In progress cannot happen for a fresh order id (only for a resumed one, whose first charge still runs at the
        // provider); it is answered as busy rather than left unhandled.
        Reason reason = retry.reason() == Reason.PAYMENT_IN_PROGRESS ? Reason.PAYMENT_BUSY : retry.reason();
        intake.reject(order, reason.code());
        counters.rejected(reason.code());
        return new ApiError(reason.code(), retry.detail()).unavailable(payments.retryAfter());
    }

    /** 503: the order may have been charged; it and its key stay, to be paid again by a retry or settled. */
    private Response unknown(OrderRecord order, String detail) {
        Duration retryAfter = intake.outcomeUnknown(order);
        counters.rejected(Reason.PAYMENT_UNKNOWN.code());
        return new ApiError(Reason.PAYMENT_UNKNOWN.code(), "the payment's outcome is not known yet (" + detail + "); retry with the same "
                + IdempotencyKeys.HEADER + " to get it, without paying twice").unavailable(retryAfter);
    }

    /** 402, counted: the provider declined the order's payment for good; the same order will be declined again. */
    static Response declined(OrderCounters counters, String reason) {
        counters.rejected(Reason.PAYMENT_DECLINED.code());
        return new ApiError(Reason.PAYMENT_DECLINED.code(), "the payment provider declined the payment: " + reason
                + "; nothing was charged").toResponse(Response.Status.PAYMENT_REQUIRED.getStatusCode());
    }

    /** When a client turned away may come back: one payment's time. */
    public Duration retryAfter() {
        return payments.retryAfter();
    }
}
