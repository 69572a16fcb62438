package io.flashorders.order.api;

import io.flashorders.cdi.Payments;
import io.flashorders.cdi.web.ApiError;
import io.flashorders.core.intake.OrderIntake;
import io.flashorders.core.json.OrderJson;
import io.flashorders.core.payment.GateBusyException;
import io.flashorders.core.payment.Payment;
import io.flashorders.core.payment.PaymentDeclinedException;
import io.flashorders.core.payment.PaymentFailedException;
import io.flashorders.core.payment.PaymentInProgressException;
import io.flashorders.core.store.OrderRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The sync endpoint's payment of a recorded order: completed and 200; failed and 402 when the provider declines; or
 * rejected and 503 when the gate is busy or the provider fails.
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

    private final Clock clock = Clock.systemUTC();

    public Response pay(OrderRecord order) {
        Instant started = clock.instant();
        try {
            Payment payment = payments.pay(order.order());
            intake.paid(order, started, payment);
            counters.accepted("sync");
            return Response.ok(OrderJson.write(payment.order())).build();
        } catch (GateBusyException | PaymentInProgressException e) {
            // In progress cannot happen for a fresh order id; it is answered as busy rather than left unhandled.
            intake.reject(order, "payment_busy");
            counters.rejected("payment_busy");
            return new ApiError("payment_busy", e.getMessage()).unavailable(payments.retryAfter());
        } catch (PaymentFailedException e) {
            // Nothing was charged, or the provider's answer was lost: the provider keeps the first charge under the order id.
            intake.reject(order, "payment_failed");
            counters.rejected("payment_failed");
            return new ApiError("payment_failed", e.getMessage()).unavailable(payments.retryAfter());
        } catch (PaymentDeclinedException e) {
            intake.declined(order, e.code());
            return declined(counters, e.code());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            intake.reject(order, "shutting_down");
            return new ApiError("shutting_down", "the server is stopping").unavailable(payments.retryAfter());
        }
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
