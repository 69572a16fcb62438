package io.flashorders.order.api;

import io.flashorders.cdi.Payments;
import io.flashorders.core.intake.IdempotencyKeys;
import io.flashorders.core.intake.OrderIntake;
import io.flashorders.core.json.OrderJson;
import io.flashorders.core.payment.GateBusyException;
import io.flashorders.core.payment.Payment;
import io.flashorders.core.payment.PaymentDeclinedException;
import io.flashorders.core.payment.PaymentFailedException;
import io.flashorders.core.payment.PaymentInProgressException;
import io.flashorders.core.payment.PaymentOutcomeUnknownException;
import io.flashorders.core.store.OrderRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The sync endpoint's payment of a recorded order: completed and 200; failed and 402 when the provider declines;
 * rejected and 503 when nothing can have been charged (the gate is busy, the provider refused before charging); or,
 * when the outcome is unknown (a timeout, a lost answer, an interrupt), left pending with its key and 503
 * {@code payment_unknown}: a retry with the key pays the same order id, which the provider replays, and otherwise the
 * reconciler settles it from the provider's ledger. A resumed order (a retry's) is never rejected: an earlier attempt
 * may have charged it.
 */
@ApplicationScoped
public class InlinePayment {

    @Inject
    Payments payments;

    @Inject
    OrderIntake intake;

    @Inject
    OrderCounters counters;

    static final String PAYMENT_DECLINED = "payment_declined";
    static final String PAYMENT_UNKNOWN = "payment_unknown";

    private final Clock clock = Clock.systemUTC();

    /**
     * @param order   held by this request ({@link OrderRecord#settleAt})
     * @param resumed the order was recorded by an earlier request with the same key, whose payment's outcome is unknown
     */
    public Response pay(OrderRecord order, boolean resumed) {
        Instant started = clock.instant();
        try {
            Payment payment = payments.pay(order.order());
            intake.paid(order, started, payment);
            counters.accepted("sync");
            return Response.ok(OrderJson.write(payment.order())).build();
        } catch (PaymentOutcomeUnknownException e) {
            return unknown(order, e.getMessage());
        } catch (GateBusyException | PaymentInProgressException e) {
            // In progress happens only to a resumed order: the first attempt's charge is still running at the provider.
            return resumed ? unknown(order, e.getMessage()) : notCharged(order, "payment_busy", e.getMessage());
        } catch (PaymentFailedException e) {
            return resumed ? unknown(order, e.getMessage()) : notCharged(order, "payment_failed", e.getMessage());
        } catch (PaymentDeclinedException e) {
            intake.declined(order, e.code());
            return declined(counters, e.code());
        } catch (InterruptedException e) {
            // Interrupted before the charge was sent (waiting for a permit): an interrupt during the call is unknown.
            Thread.currentThread().interrupt();
            return resumed ? unknown(order, "the server is stopping") : notCharged(order, "shutting_down", "the server is stopping");
        }
    }

    /** 503: nothing can have been charged; the order is rejected and its key released, so a retry starts afresh. */
    private Response notCharged(OrderRecord order, String reason, String message) {
        intake.reject(order, reason);
        counters.rejected(reason);
        return new ApiError(reason, message).unavailable(payments.retryAfter());
    }

    /** 503: the order may have been charged; it and its key stay, to be paid again by a retry or settled. */
    private Response unknown(OrderRecord order, String message) {
        Duration retryAfter = intake.outcomeUnknown(order);
        counters.rejected(PAYMENT_UNKNOWN);
        return new ApiError(PAYMENT_UNKNOWN, "the payment's outcome is not known yet (" + message + "); retry with the same "
                + IdempotencyKeys.HEADER + " to get it, without paying twice").unavailable(retryAfter);
    }

    /** 402, counted: the provider declined the order's payment for good; the same order will be declined again. */
    static Response declined(OrderCounters counters, String reason) {
        counters.rejected(PAYMENT_DECLINED);
        return new ApiError(PAYMENT_DECLINED, "the payment provider declined the payment: " + reason + "; nothing was charged")
                .toResponse(Response.Status.PAYMENT_REQUIRED.getStatusCode());
    }

    /** When a client turned away may come back: one payment's time. */
    public Duration retryAfter() {
        return payments.retryAfter();
    }
}
