package io.flashorders.processor.consume;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import java.util.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;

/**
 * Messages done with, deleted from the queue in batches of up to ten by the receiving thread that took them. Workers
 * only add to it. A batch that fails is kept and tried again on the next round; a message whose deletion is lost comes
 * back after its visibility timeout and is acknowledged without paying (its order is finished).
 */
final class Deletions {

    private static final Logger LOG = Logger.getLogger(Deletions.class.getName());

    private final SqsClient sqs;
    private final Supplier<String> queueUrl;
    private final Duration callTimeout;
    private final Queue<String> done = new ConcurrentLinkedQueue<>();

    Deletions(SqsClient sqs, Supplier<String> queueUrl, Duration callTimeout) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.callTimeout = callTimeout;
    }

    /** From a worker: this message is done with. */
    void add(String receiptHandle) {
        done.add(receiptHandle);
    }

    /** Deletes what is done, in full batches, and a last partial one. @throws SdkException when the queue is unreachable */
    void deleteDone() {
        List<String> batch;
        while (!(batch = next()).isEmpty()) {
            delete(batch);
        }
    }

    /** On stop: as {@link #deleteDone()}, but a failure only loses the deletion (the message is redelivered). */
    void deleteAllDone() {
        try {
            deleteDone();
        } catch (SdkException e) {
            LOG.warning(() -> done.size() + " finished messages not deleted, they will be redelivered and acknowledged: " + e.getMessage());
        }
    }

    private List<String> next() {
        List<String> batch = new ArrayList<>(QueueReceiver.MAX_BATCH);
        String handle;
        while (batch.size() < QueueReceiver.MAX_BATCH && (handle = done.poll()) != null) {
            batch.add(handle);
        }
        return batch;
    }

    private void delete(List<String> batch) {
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i)).receiptHandle(batch.get(i)).build());
        }
        List<BatchResultErrorEntry> failed;
        try {
            failed = sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl.get()).entries(entries)
                    .overrideConfiguration(c -> c.apiCallTimeout(callTimeout))).failed();
        } catch (SdkException e) {
            done.addAll(batch);
            throw e;
        }
        for (BatchResultErrorEntry failure : failed) {
            LOG.warning(() -> "finished message not deleted (" + failure.code() + ": " + failure.message()
                    + "); it will be redelivered and acknowledged without paying");
        }
    }
}
