package io.flashorders.bench;

import com.sun.management.OperatingSystemMXBean;
import io.flashorders.aws.AwsClients;
import io.flashorders.aws.AwsSettings;
import io.flashorders.aws.RequestCounting;
import io.flashorders.aws.store.DynamoOrderStore;
import io.flashorders.aws.store.OrderTable;
import io.flashorders.core.json.OrderJson;
import io.flashorders.core.money.OrderLimits;
import io.flashorders.core.order.NewOrder;
import io.flashorders.core.order.Order;
import io.flashorders.core.order.OrderItem;
import io.flashorders.core.store.Channel;
import io.flashorders.core.store.OrderRecord;
import io.flashorders.core.store.OrderStore;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import software.amazon.awssdk.awscore.endpoints.AccountIdEndpointMode;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * What one order-store write costs the caller's CPU: {@link DynamoOrderStore#create} (the acceptance path's one write,
 * a conditional PutItem) from {@code threads} threads against DynamoDB Local, for the product's store adapter as
 * {@link AwsClients} builds it and for variants of its SDK client, all in one run so that their ratios compare. Each
 * variant runs for {@code seconds} per round, the variants interleaved round by round after one warm-up, and the median
 * round is reported: calls a second, the calling threads' CPU per call (ThreadMXBean) and this whole JVM's (GC, JIT and
 * the SDK's own threads included). DynamoDB Local runs in another process (bench/store-call-cost starts it), so none of
 * its CPU is counted here.
 */
public final class StoreCallCost {

    private static final NewOrder ORDER = new NewOrder(123, OrderLimits.DEFAULT_CURRENCY,
            List.of(new OrderItem("sku-42", 2, new BigDecimal("19.99"))));
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    /** One configuration of the store's client (how to build it) and of the write, and what it differs in from the product's. */
    record Variant(String name, String what, Function<URI, DynamoDbClient> client, Function<DynamoDbClient, Writer> writer) {

        Variant(String name, String what, Function<URI, DynamoDbClient> client) {
            this(name, what, client, StoreCallCost::storeWriter);
        }
    }

    /** Writes one or more new queued orders; returns how many. */
    @FunctionalInterface
    interface Writer {
        int write(Clock clock);
    }

    /** One measured round of one variant. */
    record Round(long calls, long errors, double seconds, double threadCpu, double processCpu, long allocated, Map<String, Double> groups) {

        double perSecond() {
            return calls / seconds;
        }

        double threadMicrosPerCall() {
            return threadCpu * 1e6 / calls;
        }

        double processMicrosPerCall() {
            return processCpu * 1e6 / calls;
        }

        double kilobytesPerCall() {
            return allocated / 1024.0 / calls;
        }
    }

    private StoreCallCost() {
    }

    /** The variants, the product's first; {@code counter} stands in for the applications' aws.requests metric. */
    static List<Variant> variants(RequestCounting counting) {
        return List.of(
                new Variant("product", "AwsClients.dynamoDb as the applications build it (Apache client, aws.requests interceptor)",
                        endpoint -> AwsClients.dynamoDb(settings(endpoint), Optional.of(endpoint), counting)),
                new Variant("no-interceptor", "the same without the aws.requests interceptor",
                        endpoint -> AwsClients.dynamoDb(settings(endpoint), Optional.of(endpoint))),
                new Variant("url-connection", "the JDK's HttpURLConnection (UrlConnectionHttpClient) instead of Apache's",
                        endpoint -> AwsClients.dynamoDb(settings(endpoint), Optional.of(endpoint), UrlConnectionHttpClient.builder(), counting)),
                new Variant("crt", "the AWS Common Runtime's HTTP client (AwsCrtHttpClient, native) instead of Apache's",
                        endpoint -> AwsClients.dynamoDb(settings(endpoint), Optional.of(endpoint),
                                AwsCrtHttpClient.builder().maxConcurrency(200), counting)),
                new Variant("fixed-endpoint", "endpoint rules skipped: a fixed endpoint provider, account-id endpoints off",
                        endpoint -> {
                            Endpoint fixed = Endpoint.builder().url(endpoint).build();
                            return AwsClients.dynamoDbBuilder(settings(endpoint), Optional.of(endpoint), counting)
                                    .endpointProvider(params -> CompletableFuture.completedFuture(fixed))
                                    .accountIdEndpointMode(AccountIdEndpointMode.DISABLED).build();
                        }),
                new Variant("put-raw", "the product's client, one conditional PutItem of the same attributes built here (the baseline of the two below)",
                        endpoint -> AwsClients.dynamoDb(settings(endpoint), Optional.of(endpoint), counting), client -> rawWriter(client, 1, true)),
                new Variant("transact-10", "ten orders' conditional puts in one TransactWriteItems (costs twice the write capacity in AWS)",
                        endpoint -> AwsClients.dynamoDb(settings(endpoint), Optional.of(endpoint), counting), client -> rawWriter(client, 10, true)),
                new Variant("batch-25", "25 orders' puts in one BatchWriteItem, without the condition ADR 0007 relies on (a bound, not an option)",
                        endpoint -> AwsClients.dynamoDb(settings(endpoint), Optional.of(endpoint), counting), client -> rawWriter(client, 25, false)));
    }

    private static Writer storeWriter(DynamoDbClient client) {
        OrderStore store = new DynamoOrderStore(client, OrderTable.DEFAULT_NAME, CALL_TIMEOUT);
        return clock -> {
            Order order = ORDER.accept(clock);
            return store.create(OrderRecord.pending(order, OrderJson.write(order), Channel.ASYNC, Optional.empty(),
                    OptionalLong.empty()).withQueuedAt(clock.instant())) ? 1 : 0;
        };
    }

    /**
     * Writes {@code orders} new orders per request with the attributes the store gives a queued async order, under a key
     * prefix of their own: one PutItem, a TransactWriteItems of conditional puts, or a BatchWriteItem of plain puts.
     */
    private static Writer rawWriter(DynamoDbClient client, int orders, boolean conditional) {
        return clock -> {
            List<Map<String, AttributeValue>> items = new ArrayList<>(orders);
            for (int i = 0; i < orders; i++) {
                Order order = ORDER.accept(clock);
                String now = clock.instant().toString();
                items.add(Map.of(OrderTable.PK, AttributeValue.fromS("bench#" + order.orderId()), "order_id", AttributeValue.fromS(order.orderId()),
                        "customer_id", AttributeValue.fromN(Long.toString(order.customerId())), "status", AttributeValue.fromS("PENDING"),
                        "order_json", AttributeValue.fromS(OrderJson.write(order)), "channel", AttributeValue.fromS("async"),
                        "pending_at", AttributeValue.fromS(now), "queued_at", AttributeValue.fromS(now)));
            }
            String condition = "attribute_not_exists(#pk)";
            Map<String, String> names = Map.of("#pk", OrderTable.PK);
            if (orders == 1) {
                client.putItem(r -> r.tableName(OrderTable.DEFAULT_NAME).item(items.get(0)).conditionExpression(condition)
                        .expressionAttributeNames(names).overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT)));
            } else if (conditional) {
                client.transactWriteItems(r -> r.transactItems(items.stream().map(item -> TransactWriteItem.builder().put(p -> p
                        .tableName(OrderTable.DEFAULT_NAME).item(item).conditionExpression(condition).expressionAttributeNames(names)).build()).toList())
                        .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT)));
            } else {
                BatchWriteItemResponse response = client.batchWriteItem(r -> r.requestItems(Map.of(OrderTable.DEFAULT_NAME,
                        items.stream().map(item -> WriteRequest.builder().putRequest(p -> p.item(item)).build()).toList()))
                        .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT)));
                if (response.hasUnprocessedItems() && !response.unprocessedItems().isEmpty()) {
                    return 0;
                }
            }
            return orders;
        };
    }

    private static AwsSettings settings(URI endpoint) {
        return new AwsSettings("us-east-1", Optional.of(endpoint), CALL_TIMEOUT);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        URI endpoint = URI.create(options.getOrDefault("dynamodb", "http://localhost:9326"));
        int threads = Integer.parseInt(options.getOrDefault("threads", "16"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "20"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "10"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        Optional<String> only = Optional.ofNullable(options.get("only"));
        Optional<Path> out = Optional.ofNullable(options.get("out")).map(Path::of);

        Map<String, LongAdder> counts = new ConcurrentHashMap<>();
        RequestCounting counting = new RequestCounting((service, operation) ->
                counts.computeIfAbsent(service + '/' + operation, key -> new LongAdder()).increment());
        List<Variant> variants = variants(counting).stream()
                .filter(v -> only.map(names -> Arrays.asList(names.split(",")).contains(v.name())).orElse(true)).toList();

        Map<Variant, DynamoDbClient> clients = new LinkedHashMap<>();
        Map<Variant, List<Round>> results = new LinkedHashMap<>();
        try {
            for (Variant variant : variants) {
                clients.put(variant, variant.client().apply(endpoint));
                results.put(variant, new ArrayList<>());
            }
            Map<Variant, Writer> writers = new LinkedHashMap<>();
            clients.forEach((variant, client) -> writers.put(variant, variant.writer().apply(client)));
            for (Variant variant : variants) {
                Round warm = measure(writers.get(variant), threads, warmup);
                System.out.printf(Locale.ROOT, "[store-call-cost] warm-up %-16s %7.0f orders/s%n", variant.name(), warm.perSecond());
            }
            for (int round = 1; round <= rounds; round++) {
                for (Variant variant : variants) {
                    Round result = measure(writers.get(variant), threads, seconds);
                    results.get(variant).add(result);
                    System.out.printf(Locale.ROOT, "[store-call-cost] round %d %-16s %7.0f orders/s %6.0f us thread CPU/order %6.0f us process CPU/order %5.1f KB/order%s; by thread: %s%n",
                            round, variant.name(), result.perSecond(), result.threadMicrosPerCall(), result.processMicrosPerCall(), result.kilobytesPerCall(),
                            result.errors() > 0 ? " (" + result.errors() + " errors)" : "", byThread(result));
                }
            }
        } finally {
            clients.values().forEach(DynamoDbClient::close);
        }
        String table = table(results, threads, seconds, rounds);
        System.out.println(table);
        if (out.isPresent()) {
            Files.writeString(out.get(), table);
        }
        if (counts.isEmpty() && variants.stream().anyMatch(v -> v.name().equals("product"))) {
            throw new IllegalStateException("the aws.requests interceptor counted nothing");
        }
    }

    /** {@code threads} threads recording new queued orders for {@code seconds}, as the order API does per async order. */
    static Round measure(Writer writer, int threads, int seconds) throws Exception {
        Clock clock = Clock.systemUTC();
        com.sun.management.ThreadMXBean threadBean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        LongAdder errors = new LongAdder();
        ExecutorService callers = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "store-caller");
            thread.setDaemon(true);
            return thread;
        });
        try {
            long pid = ProcessHandle.current().pid();
            Map<String, ProcessCpu.ThreadTicks> threadsBefore = ProcessCpu.threads(pid);
            long processBefore = os.getProcessCpuTime();
            long started = System.nanoTime();
            long deadline = started + seconds * 1_000_000_000L;
            List<Future<long[]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(callers.submit(() -> {
                    long cpuBefore = threadBean.getCurrentThreadCpuTime();
                    long allocatedBefore = threadBean.getCurrentThreadAllocatedBytes();
                    long calls = 0;
                    while (System.nanoTime() < deadline) {
                        try {
                            int written = writer.write(clock);
                            if (written > 0) {
                                calls += written;
                            } else {
                                errors.increment();
                            }
                        } catch (RuntimeException e) {
                            errors.increment();
                        }
                    }
                    return new long[] {calls, threadBean.getCurrentThreadCpuTime() - cpuBefore,
                            threadBean.getCurrentThreadAllocatedBytes() - allocatedBefore};
                }));
            }
            long calls = 0;
            long threadCpu = 0;
            long allocated = 0;
            for (Future<long[]> result : results) {
                long[] one = result.get();
                calls += one[0];
                threadCpu += one[1];
                allocated += one[2];
            }
            double elapsed = (System.nanoTime() - started) / 1e9;
            long processAfter = os.getProcessCpuTime();
            return new Round(calls, errors.sum(), elapsed, threadCpu / 1e9, (processAfter - processBefore) / 1e9, allocated,
                    ProcessCpu.groupDelta(threadsBefore, ProcessCpu.threads(pid)));
        } finally {
            callers.shutdown();
        }
    }

    /** The JVM's CPU per call by thread group, largest first: where the time beside the calling threads goes. */
    private static String byThread(Round round) {
        StringBuilder text = new StringBuilder();
        round.groups().entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(6)
                .forEach(e -> text.append(String.format(Locale.ROOT, "%s %.0f us, ", e.getKey(), e.getValue() * 1e6 / round.calls())));
        return text.length() == 0 ? "-" : text.substring(0, text.length() - 2);
    }

    static String table(Map<Variant, List<Round>> results, int threads, int seconds, int rounds) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%n%d threads, %d rounds of %d s per variant, median round (by the JVM's CPU per order):%n%n", threads, rounds, seconds));
        text.append("| variant | orders/s | calling threads' CPU per order | whole JVM's CPU per order | vs product (JVM) | allocated per order | what differs |\n");
        text.append("| --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
        double product = results.entrySet().stream().filter(e -> e.getKey().name().equals("product"))
                .mapToDouble(e -> median(e.getValue()).processMicrosPerCall()).findFirst().orElse(Double.NaN);
        results.forEach((variant, list) -> {
            Round median = median(list);
            text.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f us | %.0f us | %.2f | %.1f KB | %s |%n", variant.name(), median.perSecond(),
                    median.threadMicrosPerCall(), median.processMicrosPerCall(), median.processMicrosPerCall() / product,
                    median.kilobytesPerCall(), variant.what()));
        });
        return text.toString();
    }

    private static Round median(List<Round> rounds) {
        List<Round> sorted = new ArrayList<>(rounds);
        sorted.sort((a, b) -> Double.compare(a.processMicrosPerCall(), b.processMicrosPerCall()));
        return sorted.get(sorted.size() / 2);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("expected --name=value, got " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return options;
    }
}
