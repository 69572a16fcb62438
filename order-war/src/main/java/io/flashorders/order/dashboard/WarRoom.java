package io.flashorders.order.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flashorders.aws.AwsSettings;
import io.flashorders.aws.CachedQueueDepth;
import io.flashorders.aws.QueueDepth;
import io.flashorders.aws.QueuePolicy;
import io.flashorders.aws.QueueUrl;
import io.flashorders.core.dashboard.LatencyHistogram;
import io.flashorders.core.dashboard.PrometheusText;
import io.flashorders.core.dashboard.RequestTally;
import io.flashorders.core.dashboard.RequestTally.Outcome;
import io.flashorders.core.dashboard.StockTrend;
import io.flashorders.core.sale.SaleSnapshot;
import io.flashorders.core.sale.StockCounts;
import io.flashorders.order.sale.LastKnownSales;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The war room's state: once a second (on the server's managed scheduled executor) it reads the application's own
 * figures (the request tally, the sales as last read, the sync payments) and, while a page is open, the remote ones (the
 * queue's and the dead-letter queue's counts, the processor's /metrics); it turns totals into rates, keeps the last
 * {@value #HISTORY} seconds for the charts, and pushes one {@code tick} event to every open page. A page that opens gets
 * the history first. Each source that cannot be read leaves its panel marked unavailable, with the reason, and the
 * others go on.
 */
@ApplicationScoped
public class WarRoom {

    private static final Logger LOG = Logger.getLogger(WarRoom.class.getName());
    static final int HISTORY = 300;
    /** The window of the p95 and of the sales' depletion rate. */
    static final Duration WINDOW = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Inject
    RequestTally tally;

    @Inject
    LastKnownSales sales;

    @Inject
    CachedQueueDepth queueDepth;

    @Inject
    SqsClient sqs;

    @Inject
    QueueUrl queue;

    @Inject
    AwsSettings aws;

    @Inject
    ProcessorFigures processor;

    @Inject
    DashboardSettings settings;

    @Inject
    MetricRegistry metrics;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    private record Tick(Instant at, Map<String, RequestTally.Sample> requests, double[] payments) {
    }

    private final Set<SseEventSink> pages = ConcurrentHashMap.newKeySet();
    private final Deque<Tick> ticks = new ArrayDeque<>();
    private final Deque<ObjectNode> history = new ArrayDeque<>();
    private final Map<String, StockTrend> trends = new ConcurrentHashMap<>();
    private volatile Sse sse;
    private volatile Optional<String> deadLetterQueueUrl = Optional.empty();
    private ScheduledFuture<?> schedule;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // A dashboard.access that is neither open nor admin stops the application here, not each request later.
        settings.access();
        schedule = scheduler.scheduleWithFixedDelay(this::tickSafely, 1, 1, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (schedule != null) {
            schedule.cancel(false);
        }
        pages.forEach(SseEventSink::close);
    }

    /** Adds a page's stream: it gets the charts' history at once, then every tick. */
    public void open(SseEventSink page, Sse events) {
        sse = events;
        ObjectNode start = NODES.objectNode();
        ArrayNode points = start.putArray("points");
        synchronized (history) {
            history.forEach(points::add);
        }
        page.send(event(events, "history", start)).whenComplete((done, failed) -> {
            if (failed == null) {
                pages.add(page);
            } else {
                page.close();
            }
        });
    }

    int openPages() {
        pages.removeIf(SseEventSink::isClosed);
        return pages.size();
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "war room tick failed: " + e.getMessage(), e);
        }
    }

    void tick() {
        Instant now = Instant.now();
        boolean watched = openPages() > 0;
        ObjectNode state = NODES.objectNode();
        state.put("at", now.toString());
        ObjectNode point = state.putObject("point");
        point.put("t", now.toEpochMilli());

        Optional<PrometheusText> scrape = Optional.empty();
        ObjectNode workers = state.putObject("workers");
        if (watched) {
            ProcessorFigures.Scrape result = processor.scrape();
            scrape = result.text();
            workers.put("problem", result.problem());
        } else {
            workers.put("problem", "no page open");
        }
        Tick current = new Tick(now, tally.sample(), payments(scrape));
        Tick previous;
        Tick windowStart;
        synchronized (ticks) {
            previous = ticks.peekLast();
            ticks.addLast(current);
            while (ticks.size() > 2 && Duration.between(ticks.peekFirst().at(), now).compareTo(WINDOW) > 0) {
                ticks.removeFirst();
            }
            windowStart = ticks.peekFirst();
        }
        requests(state, point, current, previous, windowStart);
        sales(state, now);
        paymentsPanel(state, point, current, previous);
        scrape.ifPresent(text -> workers(workers, text));
        queue(state, point, watched, scrape);

        synchronized (history) {
            history.addLast(point);
            while (history.size() > HISTORY) {
                history.removeFirst();
            }
        }
        Sse events = sse;
        if (watched && events != null) {
            OutboundSseEvent event = event(events, "tick", state);
            for (SseEventSink page : pages) {
                page.send(event).whenComplete((done, failed) -> {
                    if (failed != null) {
                        pages.remove(page);
                        page.close();
                    }
                });
            }
        }
    }

    private static OutboundSseEvent event(Sse events, String name, ObjectNode data) {
        try {
            return events.newEventBuilder().name(name).mediaType(MediaType.TEXT_PLAIN_TYPE).data(String.class, JSON.writeValueAsString(data)).build();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always writes", e);
        }
    }

    private static double perSecond(long now, long before, Tick current, Tick previous) {
        double seconds = Duration.between(previous.at(), current.at()).toMillis() / 1000.0;
        return seconds <= 0 ? 0 : (now - before) / seconds;
    }

    private void requests(ObjectNode state, ObjectNode point, Tick current, Tick previous, Tick windowStart) {
        ArrayNode rows = state.putArray("endpoints");
        double accepted = 0;
        double refused = 0;
        for (Map.Entry<String, RequestTally.Sample> entry : current.requests().entrySet()) {
            RequestTally.Sample now = entry.getValue();
            RequestTally.Sample before = previous == null ? null : previous.requests().get(entry.getKey());
            RequestTally.Sample first = windowStart == current ? null : windowStart.requests().get(entry.getKey());
            ObjectNode row = rows.addObject();
            row.put("endpoint", entry.getKey());
            ObjectNode rates = row.putObject("per_s");
            ObjectNode totals = row.putObject("total");
            for (Outcome outcome : Outcome.values()) {
                long count = now.count(outcome);
                totals.put(outcome.wireName(), count);
                double rate = previous == null ? 0 : perSecond(count, before == null ? 0 : before.count(outcome), current, previous);
                rates.put(outcome.wireName(), round(rate));
                if (outcome == Outcome.ACCEPTED) {
                    accepted += rate;
                } else {
                    refused += rate;
                }
            }
            OptionalDouble p95 = LatencyHistogram.quantileMillis(now.latency(),
                    first == null ? new long[now.latency().length] : first.latency(), 0.95);
            if (p95.isPresent()) {
                row.put("p95_ms", round(p95.getAsDouble()));
            } else {
                row.putNull("p95_ms");
            }
        }
        point.put("accepted", round(accepted));
        point.put("refused", round(refused));
    }

    private void sales(ObjectNode state, Instant now) {
        ArrayNode rows = state.putArray("sales");
        long oversold = 0;
        for (LastKnownSales.Known known : sales.all()) {
            SaleSnapshot snapshot = known.snapshot();
            StockCounts counts = snapshot.counts();
            String id = snapshot.sale().saleId();
            StockTrend trend = trends.computeIfAbsent(id, k -> new StockTrend(WINDOW));
            trend.add(known.readAt(), counts.available());
            ObjectNode row = rows.addObject();
            row.put("sale_id", id);
            row.put("state", snapshot.sale().state(counts, now).wireName());
            row.put("total", counts.total());
            row.put("available", counts.available());
            row.put("reserved", counts.held());
            row.put("sold", counts.sold());
            row.put("oversold", counts.oversold());
            row.put("read_at", known.readAt().toString());
            row.put("stale", Duration.between(known.readAt(), now).compareTo(Duration.ofSeconds(5)) > 0);
            row.put("depletion_per_s", round(trend.depletionPerSecond()));
            Optional<Instant> soldOut = trend.soldOutAt();
            if (soldOut.isPresent()) {
                row.put("sold_out_at", soldOut.get().toString());
            } else {
                row.putNull("sold_out_at");
            }
            oversold += counts.oversold();
        }
        state.put("oversell_count", oversold);
    }

    /** Totals: sync completed, failed, declined (own registry), then the processor's, NaN when not scraped. */
    private double[] payments(Optional<PrometheusText> scrape) {
        double[] totals = new double[6];
        String[] names = {"payments_completed_total", "payments_failed_total", "payments_declined_total"};
        String[] own = {"payments.completed", "payments.failed", "payments.declined"};
        for (int i = 0; i < 3; i++) {
            Counter counter = metrics.getCounter(new MetricID(own[i], new Tag("owner", "sync")));
            totals[i] = counter == null ? 0 : counter.getCount();
            int index = i;
            totals[3 + i] = scrape.map(text -> text.sum(names[index], "owner", "processor").orElse(0)).orElse(Double.NaN);
        }
        return totals;
    }

    private void paymentsPanel(ObjectNode state, ObjectNode point, Tick current, Tick previous) {
        ObjectNode panel = state.putObject("payments");
        String[] kinds = {"completed", "failed", "declined"};
        String[] owners = {"sync", "processor"};
        double paid = 0;
        double failures = 0;
        for (int o = 0; o < 2; o++) {
            ObjectNode owner = panel.putObject(owners[o]);
            for (int k = 0; k < 3; k++) {
                double total = current.payments()[o * 3 + k];
                if (Double.isNaN(total)) {
                    owner.putNull(kinds[k]);
                    owner.putNull(kinds[k] + "_per_s");
                    continue;
                }
                double before = previous == null ? Double.NaN : previous.payments()[o * 3 + k];
                double rate = Double.isNaN(before) ? 0 : perSecond((long) total, (long) before, current, previous);
                owner.put(kinds[k], (long) total);
                owner.put(kinds[k] + "_per_s", round(rate));
                if (k == 0) {
                    paid += rate;
                } else {
                    failures += rate;
                }
            }
        }
        point.put("payments", round(paid));
        point.put("failures", round(failures));
    }

    private static void workers(ObjectNode panel, PrometheusText text) {
        panel.put("pool", (long) text.sum("processor_workers").orElse(0));
        panel.put("busy", (long) text.sum("processor_workers_busy").orElse(0));
        panel.put("target", (long) text.sum("processor_workers_target").orElse(0));
        panel.put("auto", text.sum("processor_workers_auto").orElse(0) > 0);
    }

    private void queue(ObjectNode state, ObjectNode point, boolean watched, Optional<PrometheusText> scrape) {
        ObjectNode panel = state.putObject("queue");
        if (!watched) {
            panel.put("problem", "no page open");
            return;
        }
        QueueDepth depth = queueDepth.fresh();
        if (depth.known()) {
            panel.put("visible", depth.visible());
            panel.put("in_flight", depth.inFlight());
            point.put("visible", depth.visible());
            point.put("in_flight", depth.inFlight());
            panel.put("problem", "");
        } else {
            panel.put("problem", "the queue cannot be read: " + queueDepth.problem().orElse("unknown"));
        }
        deadLettered().ifPresentOrElse(count -> panel.put("dead_lettered", count), () -> panel.putNull("dead_lettered"));
        // The processor reports NaN while its workers took no order in the last 2 s: nothing waits when the queue is
        // empty; otherwise the age is unknown (a stalled or stopped pool).
        OptionalDouble oldest = scrape.map(text -> text.sum("queue_oldest_age_seconds")).orElse(OptionalDouble.empty());
        if (oldest.isPresent() && !Double.isNaN(oldest.getAsDouble())) {
            panel.put("oldest_age_s", round(oldest.getAsDouble()));
        } else if (oldest.isPresent() && depth.known() && depth.visible() == 0 && depth.inFlight() == 0) {
            panel.put("oldest_age_s", 0.0);
        } else {
            panel.putNull("oldest_age_s");
        }
    }

    /** The dead-letter queue's messages, found through the order queue's redrive policy; empty while it cannot be read. */
    private Optional<Long> deadLettered() {
        try {
            if (deadLetterQueueUrl.isEmpty()) {
                deadLetterQueueUrl = QueuePolicy.read(sqs, queue.get(), aws.callTimeout()).deadLetterQueueUrl();
            }
            return deadLetterQueueUrl.map(url -> QueueDepth.read(sqs, url, aws.callTimeout()).visible());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "dead-letter queue not readable", e);
            return Optional.empty();
        }
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
