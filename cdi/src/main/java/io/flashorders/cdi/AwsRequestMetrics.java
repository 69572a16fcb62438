package io.flashorders.cdi;

import io.flashorders.aws.RequestCounting;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * aws.requests{app, service, operation}: every request the application's SDK clients send (SQS and DynamoDB bill per
 * request). {@code app} tells the two WARs apart, which share one registry in one server.
 */
@ApplicationScoped
public class AwsRequestMetrics {

    @Inject
    MetricRegistry metrics;

    @Inject
    CommonSettings common;

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    /** The counting interceptor for the application's clients. */
    public RequestCounting counting() {
        Metadata metadata = Metadata.builder().withName("aws.requests")
                .withDescription("Requests sent to AWS services (or their local stand-ins), retries included").build();
        return new RequestCounting((service, operation) -> counters.computeIfAbsent(service + '/' + operation,
                key -> metrics.counter(metadata, new Tag("app", common.metricsApp()), new Tag("service", service), new Tag("operation", operation)))
                .inc());
    }
}
