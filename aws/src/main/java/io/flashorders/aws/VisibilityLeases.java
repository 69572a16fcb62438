package io.flashorders.aws;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Keeps received messages invisible while they are being worked on. The rule: every half visibility timeout, a message
 * still held is made invisible for another full timeout, so at least half a timeout of margin is always left for a
 * slow call to SQS. A message whose holder dies is no longer extended and comes back after at most one timeout.
 */
public final class VisibilityLeases {

    private static final Logger LOG = Logger.getLogger(VisibilityLeases.class.getName());
    /** SQS's limit for ChangeMessageVisibility. */
    private static final Duration MAX_VISIBILITY = Duration.ofHours(12);

    private final SqsClient sqs;
    private final String queueUrl;
    private final Duration visibility;
    private final ScheduledExecutorService scheduler;
    private final Duration callTimeout;
    private final Set<Lease> held = ConcurrentHashMap.newKeySet();

    public VisibilityLeases(SqsClient sqs, String queueUrl, Duration visibility, ScheduledExecutorService scheduler, Duration callTimeout) {
        if (visibility.toSeconds() < 2) {
            throw new IllegalArgumentException("a visibility timeout under 2 s leaves no room to extend it, was " + visibility);
        }
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
        this.visibility = visibility;
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
    }

    /** Starts keeping the message with this receipt handle invisible, from now until the lease is ended. */
    public Lease hold(String receiptHandle) {
        Lease lease = new Lease(receiptHandle);
        long everyMillis = visibility.toMillis() / 2;
        lease.extension = scheduler.scheduleAtFixedRate(lease::extend, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
        held.add(lease);
        return lease;
    }

    /** Ends every lease and makes its message visible now, for another worker: for a stop that could not wait for them. */
    public int returnAll() {
        int returned = 0;
        for (Lease lease : held) {
            lease.visibleIn(Duration.ZERO);
            returned++;
        }
        return returned;
    }

    public int held() {
        return held.size();
    }

    /** One message kept invisible. */
    public final class Lease {

        private final String receiptHandle;
        private volatile ScheduledFuture<?> extension;

        private Lease(String receiptHandle) {
            this.receiptHandle = Objects.requireNonNull(receiptHandle, "receiptHandle");
        }

        /** Stops extending; the message stays invisible for what is left of its timeout (to be deleted meanwhile). */
        public void end() {
            held.remove(this);
            ScheduledFuture<?> running = extension;
            if (running != null) {
                running.cancel(false);
            }
        }

        /** Stops extending and lets the message be received again after {@code delay}: a retry with back-off. */
        public boolean visibleIn(Duration delay) {
            end();
            Duration capped = delay.compareTo(MAX_VISIBILITY) > 0 ? MAX_VISIBILITY : delay;
            return change(capped);
        }

        private void extend() {
            change(visibility);
        }

        private boolean change(Duration timeout) {
            try {
                sqs.changeMessageVisibility(r -> r.queueUrl(queueUrl).receiptHandle(receiptHandle)
                        .visibilityTimeout((int) timeout.toSeconds())
                        .overrideConfiguration(c -> c.apiCallTimeout(callTimeout)));
                return true;
            } catch (SdkException e) {
                // The next extension tries again; at worst the message is redelivered and the idempotent payment
                // answers the second delivery from the provider's ledger.
                LOG.warning(() -> "cannot change a message's visibility to " + timeout.toSeconds() + " s: " + e.getMessage());
                return false;
            }
        }
    }
}
