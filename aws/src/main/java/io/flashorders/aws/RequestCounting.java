package io.flashorders.aws;

import java.util.Objects;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the requests an SDK client sends, by service and operation (SQS {@code SendMessageBatch}, DynamoDB
 * {@code PutItem}, ...): SQS and DynamoDB bill per request. Each attempt is counted, retries included, as each is one
 * request on the wire.
 */
public final class RequestCounting implements ExecutionInterceptor {

    /** Where the counts go (a metric in the applications). */
    @FunctionalInterface
    public interface Counter {
        void count(String service, String operation);
    }

    private final Counter counter;

    public RequestCounting(Counter counter) {
        this.counter = Objects.requireNonNull(counter, "counter");
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        counter.count(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }
}
