package io.flashorders.processor.metrics;

import io.flashorders.aws.AwsSettings;
import io.flashorders.aws.QueueDepth;
import io.flashorders.aws.QueueUrl;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.function.ToLongFunction;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * queue.depth{state=visible|in_flight}: the backlog as the queue itself counts it. Read at most once a
 * second however often /metrics is scraped; -1 while the queue cannot be reached.
 */
@ApplicationScoped
public class QueueDepthMetrics {

    private static final long MAX_AGE_NANOS = 1_000_000_000L;
    private static final QueueDepth UNKNOWN = new QueueDepth(-1, -1, -1);

    @Inject
    SqsClient sqs;

    @Inject
    QueueUrl queue;

    @Inject
    AwsSettings settings;

    @Inject
    MetricRegistry metrics;

    private QueueDepth last = UNKNOWN;
    private long readAt;

    void register(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        gauge("visible", QueueDepth::visible);
        gauge("in_flight", QueueDepth::inFlight);
    }

    private void gauge(String state, ToLongFunction<QueueDepth> count) {
        Metadata metadata = Metadata.builder().withName("queue.depth")
                .withDescription("Messages on the order queue, as the queue counts them").build();
        metrics.gauge(metadata, this, self -> count.applyAsLong(self.current()), new Tag("state", state));
    }

    /** The latest reading, at most a second old; {@code -1} counts while the queue cannot be read. */
    public synchronized QueueDepth current() {
        long now = System.nanoTime();
        if (readAt == 0 || now - readAt > MAX_AGE_NANOS) {
            try {
                last = QueueDepth.read(sqs, queue.get(), settings.callTimeout());
            } catch (SdkException e) {
                last = UNKNOWN;
            }
            readAt = now;
        }
        return last;
    }
}
