package io.flashorders.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flashorders.aws.AwsClients;
import io.flashorders.aws.AwsSettings;
import io.flashorders.aws.store.DynamoOrderStore;
import io.flashorders.aws.store.OrderTable;
import io.flashorders.core.json.OrderJson;
import io.flashorders.core.money.OrderLimits;
import io.flashorders.core.order.Order;
import io.flashorders.core.order.OrderItem;
import io.flashorders.core.order.OrderStatus;
import io.flashorders.core.store.Channel;
import io.flashorders.core.store.OrderRecord;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The processor benchmark's load and measurements, from outside the processor (bench/processor-bench runs it):
 * each order recorded as pending in the order store and then put on the queue with SendMessageBatch, which is what
 * the order API does (without the API in the way), the payment provider's ledger for when each order was paid, the
 * server's /metrics for heap, threads, pool size and the processor's SQS requests, and /proc for CPU.
 *
 * <pre>
 * drain --orders N --workers W --ramp-ms L
 *                                   the first W orders spread evenly over L ms (one payment), the rest at once: each
 *                                   worker starts at its own moment, as with orders that arrive over time, instead of
 *                                   all W in the same millisecond. The rate from the W-th payment to the last, with the
 *                                   server's heap, threads and CPU over that stretch and its SQS requests per order
 * flash --rate R --seconds D --window S
 *                                   R orders/s for D s; the pool size integrated over S s from the first order
 *                                   (worker-seconds), and the oldest message's age (paid − sent, largest)
 * common: --queue URL --store URL --ledger URL --server URL (its /metrics) --pid P --services-pid Q
 * </pre>
 * Prints one line of key=value figures. The queue client is the application's own ({@link AwsClients}).
 */
public final class ProcessorLoad {

    /** For the payment provider's ledger; the server's /metrics is read through {@link ServerMetrics}. */
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> args;
    private final SqsClient sqs;
    private final DynamoOrderStore store;
    private final String queueUrl;
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());

    record Sample(long atMillis, double processorCpuSeconds, double servicesCpuSeconds, double heapUsed, double heapCommitted,
                  double threads, double workers) {
    }

    record Charge(String orderId, long paidAtMillis) {
    }

    private ProcessorLoad(Map<String, String> args) {
        this.args = args;
        this.queueUrl = args.get("queue");
        URI endpoint = URI.create(queueUrl).resolve("/");
        AwsSettings settings = AwsSettings.local(endpoint);
        this.sqs = AwsClients.sqs(settings);
        this.store = new DynamoOrderStore(AwsClients.dynamoDb(settings, Optional.of(URI.create(args.get("store")))),
                OrderTable.DEFAULT_NAME, Duration.ofSeconds(10));
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (int i = 1; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        ProcessorLoad load = new ProcessorLoad(args);
        switch (argv[0]) {
            case "drain" -> load.drain(Integer.parseInt(args.get("orders")), Integer.parseInt(args.get("workers")),
                    Long.parseLong(args.get("ramp-ms")));
            case "flash" -> load.flash(Double.parseDouble(args.get("rate")), Double.parseDouble(args.get("seconds")),
                    Double.parseDouble(args.get("window")));
            default -> throw new IllegalArgumentException("drain or flash, not " + argv[0]);
        }
        load.sqs.close();
        System.exit(0);
    }

    private void drain(int orders, int workers, long rampMillis) throws Exception {
        List<Order> batch = record(orders);
        ServerMetrics before = reading();
        double paidBefore = paid(before);
        Map<String, Double> requestsBefore = sqsRequests(before);
        Thread sampler = startSampler(500);
        int first = Math.min(workers, orders - 1);
        long start = System.currentTimeMillis();
        for (int sent = 0; sent < first; ) {
            int due = (int) Math.min(first, (long) first * (System.currentTimeMillis() - start + 50) / Math.max(1, rampMillis) + 1);
            if (due > sent) {
                send(batch.subList(sent, due));
                sent = due;
            }
            Thread.sleep(50);
        }
        send(batch.subList(first, orders));
        long deadline = System.currentTimeMillis() + 600_000;
        while (paid(reading()) - paidBefore < orders) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("not all " + orders + " orders paid within 10 minutes");
            }
            Thread.sleep(500);
        }
        sampler.interrupt();
        // Acknowledgements follow the payment on the receiving threads; give the last ones time to be counted.
        Thread.sleep(2000);
        Map<String, Double> requests = sqsRequests(reading());
        requests.replaceAll((operation, count) -> (count - requestsBefore.getOrDefault(operation, 0.0)) / orders);
        List<Charge> charges = charges();
        long from = charges.get(first - 1).paidAtMillis();
        long to = charges.get(charges.size() - 1).paidAtMillis();
        double rate = (orders - first) / ((to - from) / 1000.0);
        List<Sample> steady = within(from, to);
        System.out.printf(Locale.ROOT, "rate=%.2f paid=%d duplicates=%d heap_used_mb=%.0f heap_committed_mb=%.0f threads=%.0f "
                        + "cpu_processor=%.0f cpu_services=%.0f measured_s=%.1f receives_per_order=%.2f deletes_per_order=%.2f "
                        + "visibility_per_order=%.2f%n",
                rate, distinct(charges), charges.size() - distinct(charges), max(steady, Sample::heapUsed) / 1048576,
                max(steady, Sample::heapCommitted) / 1048576, max(steady, Sample::threads),
                cpuPercent(steady, Sample::processorCpuSeconds), cpuPercent(steady, Sample::servicesCpuSeconds),
                (to - from) / 1000.0, requests.getOrDefault("ReceiveMessage", 0.0),
                requests.getOrDefault("DeleteMessage", 0.0) + requests.getOrDefault("DeleteMessageBatch", 0.0),
                requests.getOrDefault("ChangeMessageVisibility", 0.0) + requests.getOrDefault("ChangeMessageVisibilityBatch", 0.0));
    }

    /** A reading of the server's /metrics; one the overloaded server does not answer in time is tried again. */
    private ServerMetrics reading() throws InterruptedException {
        while (true) {
            try {
                return scrape();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                System.err.println("reading /metrics failed, trying again: " + e);
                Thread.sleep(1000);
            }
        }
    }

    /** Payments the processor has made, by its own count. */
    private static double paid(ServerMetrics metrics) {
        return metrics.sum("payments_completed_total", Map.of("owner", "processor"));
    }

    /** The processor's SQS requests so far, by operation. */
    private static Map<String, Double> sqsRequests(ServerMetrics metrics) {
        Map<String, Double> counts = new HashMap<>();
        for (String operation : List.of("ReceiveMessage", "DeleteMessage", "DeleteMessageBatch", "ChangeMessageVisibility",
                "ChangeMessageVisibilityBatch")) {
            counts.put(operation, metrics.sum("aws_requests_total", Map.of("app", "processor", "service", "Sqs", "operation", operation)));
        }
        return counts;
    }

    private void flash(double rate, double seconds, double windowSeconds) throws Exception {
        Thread sampler = startSampler(250);
        long start = System.currentTimeMillis();
        long sent = 0;
        long tickMillis = 100;
        while (System.currentTimeMillis() - start < seconds * 1000) {
            long due = (long) Math.floor(rate * (System.currentTimeMillis() - start) / 1000.0);
            if (due > sent) {
                send(record((int) (due - sent)));
                sent = due;
            }
            Thread.sleep(tickMillis);
        }
        long total = Math.round(rate * seconds);
        if (total > sent) {
            send(record((int) (total - sent)));
        }
        long windowEnd = start + (long) (windowSeconds * 1000);
        while (System.currentTimeMillis() < windowEnd) {
            Thread.sleep(200);
        }
        sampler.interrupt();
        long deadline = System.currentTimeMillis() + 300_000;
        List<Charge> charges;
        while (distinct(charges = charges()) < sentAt.size()) {
            if (System.currentTimeMillis() > deadline) {
                break;
            }
            Thread.sleep(1000);
        }
        long lastPaid = 0;
        List<Long> ages = new ArrayList<>();
        // The largest age among the orders sent in each 5 s of the sale, on stderr (the log): where a delay came from.
        Map<Long, Long> oldestBySecond = new java.util.TreeMap<>();
        for (Charge charge : charges) {
            long sentMillis = sentAt.get(charge.orderId());
            long age = charge.paidAtMillis() - sentMillis;
            ages.add(age);
            oldestBySecond.merge((sentMillis - start) / 5000 * 5, age, Math::max);
            lastPaid = Math.max(lastPaid, charge.paidAtMillis());
        }
        System.err.println("largest age (ms) by send time (s from the start): " + oldestBySecond);
        Collections.sort(ages);
        long oldest = ages.isEmpty() ? 0 : ages.get(ages.size() - 1);
        List<Sample> all = new ArrayList<>(samples);
        System.out.printf(Locale.ROOT, "sent=%d paid=%d duplicates=%d oldest_age_s=%.2f age_p50_s=%.2f age_p99_s=%.2f "
                        + "worker_seconds=%.0f sale_worker_seconds=%.0f peak_workers=%.0f last_paid_s=%.1f window_s=%.0f cpu_processor=%.0f%n",
                sentAt.size(), distinct(charges), charges.size() - distinct(charges), oldest / 1000.0,
                percentile(ages, 0.50) / 1000.0, percentile(ages, 0.99) / 1000.0,
                workerSeconds(all, start, windowEnd), workerSeconds(all, start, start + (long) (seconds * 1000)),
                max(all, Sample::workers), (lastPaid - start) / 1000.0, windowSeconds,
                cpuPercent(within(start, windowEnd), Sample::processorCpuSeconds));
    }

    /** Records {@code count} new orders as pending in the order store, on a few threads, as the order API would. */
    private List<Order> record(int count) throws Exception {
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            orders.add(new Order(UUID.randomUUID().toString(), 123, OrderStatus.PENDING, OrderLimits.DEFAULT_CURRENCY,
                    List.of(new OrderItem("sku-42", 2, new BigDecimal("19.99"))), Instant.now()));
        }
        inParallel(orders, 1, chunk -> {
            Order order = chunk.get(0);
            store.create(OrderRecord.pending(order, OrderJson.write(order), Channel.QUEUE, Optional.empty(), OptionalLong.empty()));
        });
        return orders;
    }

    /** Sends the orders' messages, ten to a call, on a few threads. */
    private void send(List<Order> orders) throws Exception {
        inParallel(orders, 10, chunk -> {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(OrderJson.write(chunk.get(i))).build());
            }
            long now = System.currentTimeMillis();
            var response = sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
            if (!response.failed().isEmpty()) {
                throw new IllegalStateException("sends failed: " + response.failed());
            }
            chunk.forEach(order -> sentAt.put(order.orderId(), now));
        });
    }

    private static void inParallel(List<Order> orders, int chunkSize, Consumer<List<Order>> work) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int offset = 0; offset < orders.size(); offset += chunkSize) {
                List<Order> chunk = orders.subList(offset, Math.min(orders.size(), offset + chunkSize));
                calls.add(threads.submit(() -> work.accept(chunk)));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        } finally {
            threads.shutdown();
        }
    }

    /** Our orders' charges from the provider's ledger, oldest first. */
    private List<Charge> charges() throws Exception {
        JsonNode ledger = JSON.readTree(get(args.get("ledger") + "/v1/charges"));
        List<Charge> ours = new ArrayList<>();
        for (JsonNode charge : ledger.get("charges")) {
            String orderId = text(charge, "order_id", "orderId");
            if (sentAt.containsKey(orderId)) {
                ours.add(new Charge(orderId, Instant.parse(text(charge, "created_at", "createdAt")).toEpochMilli()));
            }
        }
        ours.sort((a, b) -> Long.compare(a.paidAtMillis(), b.paidAtMillis()));
        return ours;
    }

    private Thread startSampler(long everyMillis) {
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    ServerMetrics metrics = scrape();
                    samples.add(new Sample(System.currentTimeMillis(), cpuSeconds(args.get("pid")), cpuSeconds(args.get("services-pid")),
                            metrics.sum("memory_usedHeap_bytes", Map.of()), metrics.sum("memory_committedHeap_bytes", Map.of()),
                            metrics.sum("thread_count", Map.of()), metrics.sum("processor_workers", Map.of())));
                    Thread.sleep(everyMillis);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    System.err.println("sample failed: " + e);
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        return sampler;
    }

    private List<Sample> within(long from, long to) {
        synchronized (samples) {
            return samples.stream().filter(s -> s.atMillis() >= from && s.atMillis() <= to).toList();
        }
    }

    private static double workerSeconds(List<Sample> samples, long from, long to) {
        double total = 0;
        for (int i = 0; i + 1 < samples.size(); i++) {
            long a = Math.max(from, samples.get(i).atMillis());
            long b = Math.min(to, samples.get(i + 1).atMillis());
            if (b > a) {
                total += samples.get(i).workers() * (b - a) / 1000.0;
            }
        }
        return total;
    }

    private static double cpuPercent(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> cpu) {
        if (samples.size() < 2) {
            return Double.NaN;
        }
        Sample first = samples.get(0);
        Sample last = samples.get(samples.size() - 1);
        return 100 * (cpu.applyAsDouble(last) - cpu.applyAsDouble(first)) / ((last.atMillis() - first.atMillis()) / 1000.0);
    }

    private static double max(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> value) {
        return samples.stream().mapToDouble(value).max().orElse(Double.NaN);
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
    }

    private static int distinct(List<Charge> charges) {
        Set<String> ids = new HashSet<>();
        charges.forEach(c -> ids.add(c.orderId()));
        return ids.size();
    }

    /** CPU time of a process so far, in seconds. */
    private static double cpuSeconds(String pid) {
        return pid == null ? Double.NaN : ProcessCpu.ticks(Long.parseLong(pid)) / (double) ProcessCpu.TICKS_PER_SECOND;
    }

    private ServerMetrics scrape() throws Exception {
        return ServerMetrics.read(args.get("server"));
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode());
        }
        return response.body();
    }

    private static String text(JsonNode node, String... names) {
        for (String name : names) {
            if (node.hasNonNull(name)) {
                return node.get(name).asText();
            }
        }
        throw new IllegalStateException("none of " + List.of(names) + " in " + node);
    }
}
