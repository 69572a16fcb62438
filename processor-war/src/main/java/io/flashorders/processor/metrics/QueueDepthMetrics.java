package io.flashorders.processor.metrics;

import io.flashorders.aws.CachedQueueDepth;
import io.flashorders.aws.QueueDepth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.function.ToLongFunction;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * queue.depth{state=visible|in_flight}: the backlog as the queue itself counts it, from the application's one cached
 * reading (at most a second old however often /metrics is scraped); -1 while the queue cannot be reached.
 */
@ApplicationScoped
public class QueueDepthMetrics {

    @Inject
    CachedQueueDepth depth;

    @Inject
    MetricRegistry metrics;

    void register(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        gauge("visible", QueueDepth::visible);
        gauge("in_flight", QueueDepth::inFlight);
    }

    private void gauge(String state, ToLongFunction<QueueDepth> count) {
        Metadata metadata = Metadata.builder().withName("queue.depth")
                .withDescription("Messages on the order queue, as the queue counts them").build();
        metrics.gauge(metadata, depth, cached -> count.applyAsLong(cached.fresh()), new Tag("state", state));
    }
}
