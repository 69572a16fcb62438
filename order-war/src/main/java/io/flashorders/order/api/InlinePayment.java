package io.flashorders.order.api;

import io.flashorders.cdi.Payments;
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
 * 200; failed and 402 when the provider declines; or rejected and 503 when the gate is busy or the provider fails.
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

    public Response pay(OrderRecord order) {
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
        // In progress cannot happen for a fresh order id; it is answered as busy rather than left unhandled.
        Reason reason = retry.reason() == Reason.PAYMENT_IN_PROGRESS ? Reason.PAYMENT_BUSY : retry.reason();
        intake.reject(order, reason.code());
        counters.rejected(reason.code());
        return new ApiError(reason.code(), retry.detail()).unavailable(payments.retryAfter());
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
