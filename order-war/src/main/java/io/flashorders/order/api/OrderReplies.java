package io.flashorders.order.api;

import io.flashorders.cdi.web.ApiError;
import io.flashorders.core.intake.Admission;
import io.flashorders.core.intake.IdempotencyKeys;
import io.flashorders.core.json.OrderJson;
import io.flashorders.core.order.OrderStatus;
import io.flashorders.core.processing.Reason;
import io.flashorders.core.store.Channel;
import io.flashorders.core.store.OrderRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;

/**
 * The answers both order endpoints give: 202 with the pending order and its Location, and the answers to a request
 * that repeats an earlier one's {@code Idempotency-Key} (the earlier answer again, 422 for another order, 409 while the
 * earlier one still runs).
 */
@ApplicationScoped
public class OrderReplies {

    static final Duration RETRY_AFTER_UNAVAILABLE = Duration.ofSeconds(5);

    @Inject
    OrderCounters counters;

    /** 202: the order's wire form as it was queued, and where to follow it. */
    public Response accepted(OrderRecord order, UriInfo uri) {
        return Response.accepted(order.orderJson())
                .location(uri.getBaseUriBuilder().path("orders").path(order.orderId()).build())
                .build();
    }

    /** The answer to a request whose key was used before (anything but {@link Admission.Fresh}). */
    public Response repeated(Admission admission, Channel channel, UriInfo uri, Duration retryAfterRefused) {
        if (admission instanceof Admission.Replay replay) {
            return replay(replay.original(), channel, uri, retryAfterRefused);
        }
        if (admission instanceof Admission.KeyReused) {
            counters.rejected("idempotency_key_reused");
            return new ApiError("idempotency_key_reused", "this " + IdempotencyKeys.HEADER
                    + " was used for a different order; use a new key for a new order").toResponse(422);
        }
        if (admission instanceof Admission.KeyBusy busy) {
            counters.rejected("idempotency_key_in_use");
            return Response.fromResponse(new ApiError("idempotency_key_in_use", "the first request with this "
                            + IdempotencyKeys.HEADER + " is still being handled; retry to get its answer").toResponse(409))
                    .header("Retry-After", busy.retryAfter().toSeconds()).build();
        }
        throw new IllegalArgumentException("not a repeated request: " + admission);
    }

    private Response replay(OrderRecord original, Channel channel, UriInfo uri, Duration retryAfterRefused) {
        if (original.status() == OrderStatus.FAILED && channel == Channel.SYNC) {
            return InlinePayment.declined(counters, original.reason().orElse("declined"));
        }
        // An async order that failed later was accepted all the same: its replay is the 202 below.
        if (original.status() == OrderStatus.REJECTED) {
            String reason = original.reason().orElse(channel == Channel.SYNC ? Reason.PAYMENT_BUSY.code() : "queue_unavailable");
            counters.rejected(reason);
            return new ApiError(reason, "the first request with this " + IdempotencyKeys.HEADER + " was not accepted: "
                    + reason + "; nothing was charged").unavailable(retryAfterRefused);
        }
        counters.replayed(channel.wireName());
        if (channel == Channel.SYNC) {
            return Response.ok(OrderJson.write(original.order())).build();
        }
        return accepted(original, uri);
    }
}
