package io.flashorders.lambda;

import io.flashorders.core.progress.OrderProgress;
import io.flashorders.core.progress.ThroughputRecorder;
import io.flashorders.core.store.ThroughputLog;
import java.util.Objects;

/**
 * The Lambda's side of order statuses, when it has an order table: it claims each order before paying and completes
 * it after, as the queue processor does, and adds its completions to the throughput log at the end of each invocation.
 */
public record LambdaProgress(OrderProgress progress, ThroughputRecorder throughput, ThroughputLog log) {

    public LambdaProgress {
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(throughput, "throughput");
        Objects.requireNonNull(log, "log");
    }

    /** Adds the invocation's completions to the log; counts that could not be written are kept for the next one. */
    void flush() {
        throughput.flushTo(log);
    }
}
