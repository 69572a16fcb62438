package io.flashorders.bench;

import io.flashorders.aws.AwsClients;
import io.flashorders.aws.AwsSettings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The queue's limit: {@code concurrency} threads sending an order's body to the order queue as fast as the queue
 * answers, with the SDK client the application builds ({@link AwsClients}), one message per SendMessage or ten per
 * SendMessageBatch. Latency is per call.
 */
public final class SqsBaseline implements AutoCloseable {

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsBaseline(URI endpoint, String queueName) {
        this.sqs = AwsClients.sqs(new AwsSettings("us-east-1", Optional.of(endpoint), Duration.ofSeconds(5)));
        this.queueUrl = sqs.getQueueUrl(r -> r.queueName(queueName)).queueUrl();
    }

    /** Messages sent per second (calls × batch), call latencies, and this JVM's CPU meanwhile. */
    public LoadResult run(String body, int batch, int concurrency, int seconds) throws Exception {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(body).build());
        }
        long cpuBefore = SelfCpu.ticks();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        ExecutorService senders = Executors.newFixedThreadPool(concurrency);
        List<Future<Sent>> results = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            results.add(senders.submit(() -> {
                long[] latencies = new long[1024];
                int n = 0;
                long errors = 0;
                while (System.nanoTime() < deadline) {
                    long start = System.nanoTime();
                    try {
                        if (batch == 1) {
                            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body));
                        } else {
                            if (!sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries)).failed().isEmpty()) {
                                errors++;
                                continue;
                            }
                        }
                    } catch (RuntimeException e) {
                        errors++;
                        continue;
                    }
                    if (n == latencies.length) {
                        latencies = java.util.Arrays.copyOf(latencies, latencies.length * 2);
                    }
                    latencies[n++] = System.nanoTime() - start;
                }
                return new Sent(java.util.Arrays.copyOf(latencies, n), errors);
            }));
        }
        List<Long> all = new ArrayList<>();
        long errors = 0;
        for (Future<Sent> result : results) {
            Sent sent = result.get();
            errors += sent.errors();
            for (long latency : sent.latencies()) {
                all.add(latency);
            }
        }
        senders.shutdown();
        long[] latencies = all.stream().mapToLong(Long::longValue).toArray();
        return new LoadResult((long) latencies.length * batch, errors * batch, seconds, new Latencies(latencies),
                (SelfCpu.ticks() - cpuBefore) / (double) ProcessCpu.TICKS_PER_SECOND);
    }

    /** One sender's call latencies and failed calls. */
    private record Sent(long[] latencies, long errors) {
    }

    /** Empties the queue between phases, so that a growing backlog does not slow the next one. */
    public void purge() {
        sqs.purgeQueue(r -> r.queueUrl(queueUrl));
    }

    /** Messages on the queue, visible or not (ElasticMQ counts them exactly; nothing receives them here). */
    public long messages() {
        Map<QueueAttributeName, String> counts = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return counts.values().stream().mapToLong(Long::parseLong).sum();
    }

    @Override
    public void close() {
        sqs.close();
    }
}
