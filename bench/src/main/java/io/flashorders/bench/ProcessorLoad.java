package io.flashorders.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flashorders.aws.AwsClients;
import io.flashorders.aws.AwsSettings;
import io.flashorders.core.json.OrderJson;
import io.flashorders.core.order.Order;
import io.flashorders.core.order.OrderItem;
import io.flashorders.core.order.OrderStatus;
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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The processor benchmark's load and measurements, from outside the processor (bench/processor-bench runs it):
 * order messages put straight on the queue with SendMessageBatch (the processor records an order it does not know
 * when it claims it, so no order API is involved), the payment provider's ledger for when each order was paid, the
 * server's /metrics for heap, threads and pool size, and /proc for CPU.
 *
 * <pre>
 * drain --orders N --workers W      N orders at once; the steady rate from the end of the first round of W payments
 *                                   to the last, with the server's heap, threads and CPU over that stretch
 * flash --rate R --seconds D --window S
 *                                   R orders/s for D s; the pool size integrated over S s from the first order
 *                                   (worker-seconds), and the oldest message's age (paid − sent, largest)
 * common: --queue URL --ledger URL --metrics URL --pid P --services-pid Q
 * </pre>
 * Prints one line of key=value figures. The queue client is the application's own ({@link AwsClients}).
 */
public final class ProcessorLoad {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> args;
    private final SqsClient sqs;
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
        this.sqs = AwsClients.sqs(new AwsSettings("us-east-1", Optional.of(endpoint), Duration.ofSeconds(5)));
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (int i = 1; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        ProcessorLoad load = new ProcessorLoad(args);
        switch (argv[0]) {
            case "drain" -> load.drain(Integer.parseInt(args.get("orders")), Integer.parseInt(args.get("workers")));
            case "flash" -> load.flash(Double.parseDouble(args.get("rate")), Double.parseDouble(args.get("seconds")),
                    Double.parseDouble(args.get("window")));
            default -> throw new IllegalArgumentException("drain or flash, not " + argv[0]);
        }
        load.sqs.close();
        System.exit(0);
    }

    private void drain(int orders, int workers) throws Exception {
        double paidBefore = scrape().sum("payments_completed_total", Map.of("owner", "processor"));
        Thread sampler = startSampler(500);
        send(orders);
        long deadline = System.currentTimeMillis() + 600_000;
        while (scrape().sum("payments_completed_total", Map.of("owner", "processor")) - paidBefore < orders) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("not all " + orders + " orders paid within 10 minutes");
            }
            Thread.sleep(500);
        }
        sampler.interrupt();
        List<Charge> charges = charges();
        int first = Math.min(workers, orders - 1);
        long from = charges.get(first - 1).paidAtMillis();
        long to = charges.get(charges.size() - 1).paidAtMillis();
        double rate = (orders - first) / ((to - from) / 1000.0);
        List<Sample> steady = within(from, to);
        System.out.printf(Locale.ROOT, "rate=%.2f paid=%d duplicates=%d heap_used_mb=%.0f heap_committed_mb=%.0f threads=%.0f "
                        + "cpu_processor=%.0f cpu_services=%.0f measured_s=%.1f%n",
                rate, distinct(charges), charges.size() - distinct(charges), max(steady, Sample::heapUsed) / 1048576,
                max(steady, Sample::heapCommitted) / 1048576, max(steady, Sample::threads),
                cpuPercent(steady, Sample::processorCpuSeconds), cpuPercent(steady, Sample::servicesCpuSeconds),
                (to - from) / 1000.0);
    }

    private void flash(double rate, double seconds, double windowSeconds) throws Exception {
        Thread sampler = startSampler(250);
        long start = System.currentTimeMillis();
        long sent = 0;
        long tickMillis = 100;
        while (System.currentTimeMillis() - start < seconds * 1000) {
            long due = (long) Math.floor(rate * (System.currentTimeMillis() - start) / 1000.0);
            if (due > sent) {
                send((int) (due - sent));
                sent = due;
            }
            Thread.sleep(tickMillis);
        }
        long total = Math.round(rate * seconds);
        if (total > sent) {
            send((int) (total - sent));
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
        long oldest = 0;
        long lastPaid = 0;
        for (Charge charge : charges) {
            oldest = Math.max(oldest, charge.paidAtMillis() - sentAt.get(charge.orderId()));
            lastPaid = Math.max(lastPaid, charge.paidAtMillis());
        }
        List<Sample> all = new ArrayList<>(samples);
        System.out.printf(Locale.ROOT, "sent=%d paid=%d duplicates=%d oldest_age_s=%.2f worker_seconds=%.0f sale_worker_seconds=%.0f "
                        + "peak_workers=%.0f last_paid_s=%.1f window_s=%.0f cpu_processor=%.0f%n",
                sentAt.size(), distinct(charges), charges.size() - distinct(charges), oldest / 1000.0,
                workerSeconds(all, start, windowEnd), workerSeconds(all, start, start + (long) (seconds * 1000)),
                max(all, Sample::workers), (lastPaid - start) / 1000.0, windowSeconds,
                cpuPercent(within(start, windowEnd), Sample::processorCpuSeconds));
    }

    /** Sends {@code count} order messages, ten to a call, on a few threads. */
    private void send(int count) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(8);
        List<Future<?>> calls = new ArrayList<>();
        for (int offset = 0; offset < count; offset += 10) {
            int size = Math.min(10, count - offset);
            calls.add(senders.submit(() -> {
                List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                Map<String, Long> ids = new HashMap<>();
                for (int i = 0; i < size; i++) {
                    String id = UUID.randomUUID().toString();
                    Order order = new Order(id, 123, OrderStatus.PENDING,
                            List.of(new OrderItem("sku-42", 2, new BigDecimal("19.99"))), Instant.now());
                    entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(OrderJson.write(order)).build());
                    ids.put(id, System.currentTimeMillis());
                }
                var response = sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
                if (!response.failed().isEmpty()) {
                    throw new IllegalStateException("sends failed: " + response.failed());
                }
                sentAt.putAll(ids);
                return null;
            }));
        }
        for (Future<?> call : calls) {
            call.get();
        }
        senders.shutdown();
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
        return ServerMetrics.parse(get(args.get("metrics")));
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
