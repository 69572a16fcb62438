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
 *
 * <p>A lease has an end: once it is {@code maxAge} old (counted from the receive, on the monotonic clock) it is no
 * longer extended, and the thread working on it is interrupted, so a stalled call can hold neither a worker nor its
 * message for ever (SQS's own limit is 12 hours). The extensions and the lease's last word ({@link Lease#end},
 * {@link Lease#visibleIn}) are sequenced: once the lease has ended, no extension still running or scheduled can
 * change the message's visibility after it.
 */
public final class VisibilityLeases {

    private static final Logger LOG = Logger.getLogger(VisibilityLeases.class.getName());
    /** SQS's limit for ChangeMessageVisibility. */
    private static final Duration MAX_VISIBILITY = Duration.ofHours(12);

    private final SqsClient sqs;
    private final String queueUrl;
    private final Duration visibility;
    private final Duration maxAge;
    private final ScheduledExecutorService scheduler;
    private final Duration callTimeout;
    private final Set<Lease> held = ConcurrentHashMap.newKeySet();

    /**
     * @param maxAge how long a message may be held at most; longer than the longest healthy piece of work (the provider's
     *               timeout, the payment gate's wait and the store's calls together)
     */
    public VisibilityLeases(SqsClient sqs, String queueUrl, Duration visibility, Duration maxAge, ScheduledExecutorService scheduler,
                            Duration callTimeout) {
        if (visibility.toSeconds() < 2) {
            throw new IllegalArgumentException("a visibility timeout under 2 s leaves no room to extend it, was " + visibility);
        }
        if (maxAge.compareTo(visibility.dividedBy(2)) < 0 || maxAge.compareTo(MAX_VISIBILITY) > 0) {
            throw new IllegalArgumentException("a lease's maximum age must lie between half the visibility timeout and 12 h, was " + maxAge);
        }
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
        this.visibility = visibility;
        this.maxAge = maxAge;
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
    }

    /**
     * Starts keeping the message with this receipt handle invisible, from now until the lease is ended: call it when
     * the message is received, since its visibility timeout runs from then.
     */
    public Lease hold(String receiptHandle) {
        Lease lease = new Lease(receiptHandle, System.nanoTime());
        long everyMillis = visibility.toMillis() / 2;
        held.add(lease);
        lease.extension = scheduler.scheduleAtFixedRate(lease::extend, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
        return lease;
    }

    public int held() {
        return held.size();
    }

    public Duration maxAge() {
        return maxAge;
    }

    /** One message kept invisible. */
    public final class Lease {

        private final String receiptHandle;
        private final long receivedNanos;
        private volatile ScheduledFuture<?> extension;
        private volatile Runnable onExtended = () -> { };
        /** Guarded by this lease. */
        private boolean ended;
        private boolean expired;
        private Thread worker;

        private Lease(String receiptHandle, long receivedNanos) {
            this.receiptHandle = Objects.requireNonNull(receiptHandle, "receiptHandle");
            this.receivedNanos = receivedNanos;
        }

        /** The thread to interrupt should the lease reach its maximum age; the calling thread, usually. */
        public synchronized void workedOnBy(Thread thread) {
            worker = ended ? null : thread;
        }

        /**
         * Runs after each extension, on the scheduler (renewing the order's claim, for instance); a failure there is
         * logged and leaves the lease alone.
         */
        public void onExtended(Runnable action) {
            onExtended = Objects.requireNonNull(action, "action");
        }

        /** Stops extending; the message stays invisible for what is left of its timeout (to be deleted meanwhile). */
        public void end() {
            synchronized (this) {
                finish();
            }
        }

        /** Whether the lease reached its maximum age and its worker was interrupted. */
        public synchronized boolean expired() {
            return expired;
        }

        /**
         * Stops extending and lets the message be received again after {@code delay}. No extension changes the
         * visibility after this one.
         */
        public boolean visibleIn(Duration delay) {
            synchronized (this) {
                finish();
                Duration capped = delay.compareTo(MAX_VISIBILITY) > 0 ? MAX_VISIBILITY : delay;
                return change(capped);
            }
        }

        private void finish() {
            ended = true;
            worker = null;
            held.remove(this);
            ScheduledFuture<?> running = extension;
            if (running != null) {
                running.cancel(false);
            }
        }

        private void extend() {
            synchronized (this) {
                if (ended) {
                    return;
                }
                Duration age = Duration.ofNanos(System.nanoTime() - receivedNanos);
                if (age.compareTo(maxAge) >= 0) {
                    expire(age);
                    return;
                }
                change(visibility);
            }
            try {
                onExtended.run();
            } catch (RuntimeException e) {
                LOG.warning(() -> "after extending a message's visibility: " + e);
            }
        }

        private void expire(Duration age) {
            Thread stuck = worker;
            expired = true;
            finish();
            LOG.warning(() -> "a message held for " + age.toSeconds() + " s reached the lease's maximum age ("
                    + maxAge.toSeconds() + " s): no longer extended, back within one visibility timeout"
                    + (stuck != null ? "; interrupting " + stuck.getName() : ""));
            if (stuck != null) {
                stuck.interrupt();
            }
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
