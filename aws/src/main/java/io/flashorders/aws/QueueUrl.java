package io.flashorders.aws;

import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A queue's URL, looked up by name on first use and remembered once found, so that an application
 * can start before its queue server is reachable and pick the queue up when it is. Calls are bounded
 * one by one rather than on the client, because the same client also long-polls the queue for 20 s.
 */
public final class QueueUrl {

    private final SqsClient sqs;
    private final String queueName;
    private final Duration callTimeout;
    private volatile String url;

    /** @param callTimeout the most one lookup may take, retries included */
    public QueueUrl(SqsClient sqs, String queueName, Duration callTimeout) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueName = Objects.requireNonNull(queueName, "queueName");
        this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
    }

    /** @throws SdkException when the queue server cannot be reached or has no such queue */
    public String get() {
        String known = url;
        if (known == null) {
            known = sqs.getQueueUrl(r -> r.queueName(queueName).overrideConfiguration(c -> c.apiCallTimeout(callTimeout))).queueUrl();
            url = known;
        }
        return known;
    }

    public String queueName() {
        return queueName;
    }
}
