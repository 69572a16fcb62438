package io.flashorders.order.status;

import io.flashorders.aws.CachedQueueDepth;
import io.flashorders.aws.QueueDepth;
import io.flashorders.cdi.CommonSettings;
import io.flashorders.core.order.OrderStatus;
import io.flashorders.core.progress.ProcessingRate;
import io.flashorders.core.status.QueueEstimate;
import io.flashorders.core.store.Channel;
import io.flashorders.core.store.OrderRecord;
import io.flashorders.core.store.StoreException;
import io.flashorders.core.store.ThroughputLog;
import io.flashorders.order.OrderSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where a pending async order stands: the queue's depth (read at most once a second) and the processing rate the
 * processors measured (read from the throughput log at most every {@value #RATE_MAX_AGE_MILLIS} ms), combined by
 * {@link QueueEstimate}.
 */
@ApplicationScoped
public class QueuePosition {

    private static final Logger LOG = Logger.getLogger(QueuePosition.class.getName());
    private static final long RATE_MAX_AGE_MILLIS = 2000;

    @Inject
    CachedQueueDepth queueDepth;

    @Inject
    ThroughputLog throughput;

    @Inject
    CommonSettings common;

    @Inject
    OrderSettings config;

    private final Clock clock = Clock.systemUTC();
    private double rate;
    private Instant rateReadAt = Instant.EPOCH;

    /** The estimate for a pending async order while the queue's depth is known; else empty. */
    public Optional<QueueEstimate> estimate(OrderRecord order) {
        if (order.status() != OrderStatus.PENDING || order.channel() == Channel.SYNC) {
            return Optional.empty();
        }
        // Read only for an order that can have a place in the queue: the GET of a finished order costs no SQS call.
        QueueDepth depth = queueDepth.fresh();
        if (!depth.known()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return Optional.of(QueueEstimate.of(order, now, depth.visible(), rate(now), common.paymentLatency()));
    }

    private synchronized double rate(Instant now) {
        if (Duration.between(rateReadAt, now).toMillis() > RATE_MAX_AGE_MILLIS) {
            try {
                rate = ProcessingRate.perSecond(throughput, now, config.statusRateWindow());
            } catch (StoreException e) {
                LOG.log(Level.FINE, "processing rate not readable", e);
                rate = 0;
            }
            rateReadAt = now;
        }
        return rate;
    }
}
