package io.flashorders.core.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.flashorders.core.store.OrderRecord;
import java.time.Duration;
import java.time.Instant;

/**
 * Where a pending async order stands in the queue, estimated, and when it should be paid.
 *
 * <p>The queue keeps no order between messages that could be asked for a position, so the position is derived: the
 * messages that were waiting when the order was accepted, less those the processors have paid for since at the
 * measured rate, and never more than are waiting now. The order is then paid after the ones ahead of it go through
 * at that rate, plus one payment.
 *
 * @param position                1 when the order is next
 * @param depth                   messages waiting on the queue now
 * @param processingRatePerSecond payments completed per second by all processors, measured over the last minute
 * @param estimatedCompletionAt   null while no processor has completed a payment lately (no rate to go by)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueueEstimate(long position, long depth, double processingRatePerSecond, Instant estimatedCompletionAt) {

    /**
     * @param depthNow    messages visible on the queue now
     * @param rate        completions per second
     * @param paymentTime how long one payment takes
     */
    public static QueueEstimate of(OrderRecord order, Instant now, long depthNow, double rate, Duration paymentTime) {
        long waiting = Math.max(0, depthNow);
        long aheadAtAcceptance = order.queueDepthAtAcceptance().orElse(waiting);
        double ageSeconds = Math.max(0, Duration.between(order.order().createdAt(), now).toMillis()) / 1000.0;
        long paidSince = (long) Math.floor(rate * ageSeconds);
        long position = Math.max(1, Math.min(aheadAtAcceptance + 1 - paidSince, Math.max(1, waiting)));
        Instant eta = null;
        if (rate > 0) {
            eta = now.plusMillis(Math.round((position - 1) / rate * 1000)).plus(paymentTime);
        }
        return new QueueEstimate(position, waiting, Math.round(rate * 100) / 100.0, eta);
    }
}
