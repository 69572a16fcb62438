package io.flashorders.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.flashorders.core.json.InvalidOrderException;
import io.flashorders.core.json.OrderJson;
import io.flashorders.core.order.Order;
import io.flashorders.core.payment.PaymentStep;
import io.flashorders.core.processing.DeliveryClaim;
import io.flashorders.core.processing.OrderProcessing;
import io.flashorders.core.processing.ProcessingOutcome;
import io.flashorders.core.processing.ProcessingOutcome.AlreadyFinished;
import io.flashorders.core.processing.ProcessingOutcome.DeadLetter;
import io.flashorders.core.processing.ProcessingOutcome.Declined;
import io.flashorders.core.processing.ProcessingOutcome.Paid;
import io.flashorders.core.processing.ProcessingOutcome.Poison;
import io.flashorders.core.processing.ProcessingOutcome.RetryLater;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.crac.Core;
import org.crac.Resource;

/**
 * The serverless path. SNS invokes this handler with messages from the order topic; each message body is an order's
 * wire JSON, raw, the same text the queue carries. The handler processes each order with the core's
 * {@link OrderProcessing}, exactly as the queue processor does, and maps its outcome to a log line and, for an order
 * not done with, to the invocation's failure.
 *
 * <ul>
 * <li><b>One JSON log line per order</b>: {@code outcome} is {@code paid}, {@code already_paid},
 *     {@code already_finished} or {@code failed}, with {@code duration_ms}, and {@code error} saying why for a
 *     failure.</li>
 * <li><b>A failure fails the invocation.</b> An unreadable message or a payment that did not go through makes
 *     {@link #handleRequest} throw, after the event's other records are done, so Lambda retries the event (twice, for
 *     SNS's asynchronous invocation) and then hands it to the function's on-failure destination. An order of the
 *     event that was paid is answered from the ledger on the retry, not charged again.</li>
 * <li><b>One start-up line</b> ({@code "event":"init"}) with {@code init_ms}: from loading this class to the handler
 *     being ready, which is the handler's own share of a cold start. AWS's {@code REPORT} line gives the whole
 *     {@code Init Duration}, JVM and runtime start included. The first invocation's order lines say
 *     {@code "cold_start":true}.</li>
 * <li><b>Primed for SnapStart.</b> The instance the runtime creates registers itself with CRaC; before SnapStart takes
 *     its snapshot (once, when a version is published) {@link #beforeCheckpoint} runs the code an invocation runs
 *     without an order to pay: the JSON mapper, a log line, and, with an order table, one conditional write that
 *     changes nothing (giving up a claim nobody holds on an order that does not exist), which loads the SDK's whole
 *     request path and signs with the function's role. An environment restored from that snapshot starts warm.
 *     Without SnapStart (or CRaC, as locally) the hook never runs. One line says it ran ({@code "event":"primed"}).</li>
 * </ul>
 *
 * <p>With an order table ({@code ORDERS_TABLE_NAME}) the handler moves each order's status forward as the queue
 * processor does: it claims the order (pending to processing) before paying and completes it after, with conditional
 * writes. An order that has finished already is not paid again ({@code "outcome":"already_finished"}); one that another
 * processor is paying right now fails the invocation ({@code order_busy}), and Lambda's retry finds it finished. A
 * payment that did not go through gives the claim up again, so that the retry may pay at once.
 *
 * <p>The ledger lives as long as the execution environment. A retry that Lambda runs in another environment finds an
 * empty ledger there, and is kept from charging twice only by the real payment provider honouring the order id as the
 * idempotency key, which the payment step sends for exactly that reason.
 *
 * <p>Handler string for the Lambda: {@code io.flashorders.lambda.OrderEventHandler::handleRequest}.
 */
public final class OrderEventHandler implements RequestStreamHandler, Resource {

    /** Read when the runtime loads this class: the start of the handler's share of a cold start. */
    private static final long CLASS_LOADED_NANOS = System.nanoTime();

    /**
     * An order read once during init, inside an SNS event as an invocation reads it, so that the JSON mapper's first-use
     * cost for both lands in the init phase, not in an order; its id is no order's (those are UUIDs), so the priming
     * write before a snapshot finds nothing to change.
     */
    private static final String PRIMING_ORDER = "{\"order_id\":\"snapstart-priming\",\"customer_id\":1,\"status\":\"pending\","
            + "\"items\":[{\"product_id\":\"init\",\"quantity\":1,\"price\":0.01}],\"created_at\":\"2026-01-01T00:00:00Z\"}";
    private static final String PRIMING_EVENT = "{\"Records\":[{\"EventSource\":\"aws:sns\",\"Sns\":{\"MessageId\":\"snapstart-priming\","
            + "\"Message\":\"" + PRIMING_ORDER.replace("\"", "\\\"") + "\"}}]}";

    static final String PAID = "paid";
    static final String ALREADY_PAID = "already_paid";
    static final String FAILED = "failed";
    static final String ALREADY_FINISHED = "already_finished";
    /** The provider declined: the order failed, and the record is done with (not retried). */
    static final String DECLINED = "declined";

    private final Optional<LambdaProgress> progress;
    private final OrderProcessing processing;
    private final Consumer<String> log;
    private final AtomicBoolean firstInvocation = new AtomicBoolean(true);

    /**
     * What the Lambda runtime calls: settings from the environment variables, log lines to standard output; registered
     * for SnapStart's snapshot ({@link #beforeCheckpoint}).
     */
    public OrderEventHandler() {
        this(LambdaSettings.fromEnvironment(System.getenv()), System.out::println, CLASS_LOADED_NANOS);
        Core.getGlobalContext().register(this);
    }

    private OrderEventHandler(LambdaSettings settings, Consumer<String> log, long initStartNanos) {
        this(settings.newPaymentStep(), settings.newProgress(), log, initStartNanos);
    }

    /** Without an order table: pays only. */
    OrderEventHandler(PaymentStep step, Consumer<String> log, long initStartNanos) {
        this(step, Optional.empty(), log, initStartNanos);
    }

    /**
     * @param progress       status tracking in the order table, if there is one
     * @param initStartNanos the {@link System#nanoTime()} from which the init time is counted
     */
    OrderEventHandler(PaymentStep step, Optional<LambdaProgress> progress, Consumer<String> log, long initStartNanos) {
        this.progress = Objects.requireNonNull(progress, "progress");
        this.log = Objects.requireNonNull(log, "log");
        this.processing = new OrderProcessing(step, progress.map(LambdaProgress::progress));
        readPrimingOrder();
        long initNanos = System.nanoTime() - initStartNanos;

        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", "init");
        line.put("init_ms", millis(initNanos));
        line.put("payment_latency_ms", step.gate().latency().toMillis());
        line.put("tracks_status", progress.isPresent());
        line.put("java", Runtime.version().toString());
        log.accept(OrderJson.write(line));
    }

    /**
     * Pays for the order in each record of the SNS event, in order. The event is read from the stream with the core's
     * JSON mapper ({@link SnsEvent}), not by the runtime's serializer: that one would need the events library and
     * joda-time in the jar, and a mapper of its own to build at the first invocation. Nothing is written back: SNS
     * ignores the result of an asynchronous invocation.
     *
     * @throws OrderEventFailedException when at least one order was not paid; Lambda then retries the whole event
     * @throws io.flashorders.core.json.InvalidOrderException when the input is not an SNS event's JSON at all
     */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        SnsEvent event = SnsEvent.read(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        boolean coldStart = firstInvocation.getAndSet(false);
        String requestId = context == null ? null : context.getAwsRequestId();
        List<SnsEvent.Record> records = event.records();

        List<Failure> failures = new ArrayList<>();
        for (SnsEvent.Record record : records) {
            Failure failure = handle(record, requestId, coldStart);
            if (failure != null) {
                failures.add(failure);
            }
        }
        progress.ifPresent(this::flushThroughput);
        if (!failures.isEmpty()) {
            throw new OrderEventFailedException(records.size(), failures);
        }
    }

    /** @return null when the order is done with (paid now or earlier, finished, or declined), else why not */
    private Failure handle(SnsEvent.Record record, String requestId, boolean coldStart) {
        long start = System.nanoTime();
        SnsEvent.Message message = record == null ? null : record.sns();
        String messageId = message == null ? null : message.messageId();
        ProcessingOutcome outcome = message == null || message.message() == null
                ? new Poison(InvalidOrderException.MALFORMED_JSON, "the SNS record has no message")
                : processing.process(message.message(), new DeliveryClaim());
        String orderId = outcome.orderId();
        if (outcome instanceof Paid paid) {
            Map<String, Object> line = orderLine(requestId, messageId, orderId, coldStart,
                    paid.payment().alreadyPaid() ? ALREADY_PAID : PAID, start);
            line.put("amount", paid.payment().charge().amount());
            line.put("currency", paid.payment().charge().currency());
            log.accept(OrderJson.write(line));
            return null;
        }
        if (outcome instanceof AlreadyFinished finished) {
            Map<String, Object> line = orderLine(requestId, messageId, orderId, coldStart, ALREADY_FINISHED, start);
            line.put("status", finished.status().wireName());
            log.accept(OrderJson.write(line));
            return null;
        }
        if (outcome instanceof Declined declined) {
            Map<String, Object> line = orderLine(requestId, messageId, orderId, coldStart, DECLINED, start);
            line.put("reason", declined.code());
            log.accept(OrderJson.write(line));
            return null;
        }
        // Not paid yet, unreadable, or paid with its completion refused (the reconciler completes that one from the ledger).
        Failure failure = outcome instanceof RetryLater retry
                ? new Failure(messageId, orderId, retry.reason().code(), retry.detail())
                : new Failure(messageId, orderId, ((DeadLetter) outcome).code(), ((DeadLetter) outcome).detail());
        Map<String, Object> line = orderLine(requestId, messageId, orderId, coldStart, FAILED, start);
        line.put("error", failure.error());
        line.put("detail", failure.detail());
        log.accept(OrderJson.write(line));
        return failure;
    }

    /** SnapStart is about to take its snapshot: {@link #prime}. */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime();
    }

    /** Nothing to renew: the SDK retries a call whose kept-alive connection did not survive the snapshot. */
    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
    }

    /**
     * Runs what an invocation runs, short of paying: reads an event and its order, writes an order line (not logged) and, with an order
     * table, gives up a claim nobody holds on an order that does not exist, a conditional write that changes nothing.
     * A store that cannot be reached now is not an error: the first invocation then loads what is left.
     */
    void prime() {
        long start = System.nanoTime();
        Order order = readPrimingOrder();
        OrderJson.write(orderLine(null, null, order.orderId(), true, PAID, start));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", "primed");
        progress.ifPresent(tracking -> {
            try {
                tracking.progress().release(order, "snapstart-priming");
                line.put("store", "reached");
            } catch (RuntimeException e) {
                line.put("store", "unreachable");
                line.put("detail", String.valueOf(e.getMessage()));
            }
        });
        line.put("priming_ms", millis(System.nanoTime() - start));
        log.accept(OrderJson.write(line));
    }

    private static Order readPrimingOrder() {
        return OrderJson.readOrder(SnsEvent.read(PRIMING_EVENT).records().get(0).sns().message());
    }

    private void flushThroughput(LambdaProgress tracking) {
        try {
            tracking.flush();
        } catch (RuntimeException e) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("event", "throughput_not_recorded");
            line.put("detail", String.valueOf(e.getMessage()));
            log.accept(OrderJson.write(line));
        }
    }

    private static Map<String, Object> orderLine(String requestId, String messageId, String orderId, boolean coldStart,
                                                 String outcome, long startNanos) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", "order");
        putIfPresent(line, "request_id", requestId);
        putIfPresent(line, "message_id", messageId);
        putIfPresent(line, "order_id", orderId);
        line.put("outcome", outcome);
        line.put("duration_ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        line.put("cold_start", coldStart);
        return line;
    }

    private static void putIfPresent(Map<String, Object> line, String key, Object value) {
        if (value != null) {
            line.put(key, value);
        }
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 100_000.0) / 10.0;
    }

    /** One order of an event that was not paid. */
    record Failure(String messageId, String orderId, String error, String detail) {

        @Override
        public String toString() {
            return "message " + messageId + (orderId == null ? "" : " (order " + orderId + ")") + ": " + error + " - " + detail;
        }
    }
}
