package io.flashorders.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.it.support.FaultTally;
import io.flashorders.it.support.Metrics;
import io.flashorders.it.support.OrderApi;
import io.flashorders.it.support.SampleOrders;
import io.flashorders.it.support.TestSystem;
import io.flashorders.core.testing.Waits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The worker pool resized while orders flow, the way an operator does it on a running server: a configDropins file
 * that sets processor.workers (a server.xml variable outranks the PROCESSOR_WORKERS environment variable in
 * MicroProfile Config, and Liberty reads configDropins while it runs, resizing the managed executor from the same
 * variable). The busy-worker gauge follows each new size, and the payment provider's ledger shows every order paid
 * exactly once.
 */
class WorkerResizeIT {

    private static final int ORDERS = 600;
    private static final Pattern ORDER_ID = Pattern.compile("\"order_id\":\"([0-9a-f-]{36})\"");
    private static final Path OVERRIDE = Path.of(System.getProperty("it.liberty.dir"), "usr", "servers",
            System.getProperty("it.server.name"), "configDropins", "overrides", "worker-resize-it.xml");
    /** The config monitor's poll, the processor's one-second evaluation, and a payment round for the gauge to move. */
    private static final Duration FOLLOWS_WITHIN = Duration.ofSeconds(20);

    private final OrderApi api = TestSystem.api();

    @BeforeAll
    static void systemUp() {
        TestSystem.awaitReadyAndIdle();
    }

    @AfterEach
    void removeOverride() throws IOException {
        Files.deleteIfExists(OVERRIDE);
    }

    @Test
    void processorWorkers_changedWhileOrdersFlow_busyWorkersFollowAndEveryOrderIsPaidOnce() throws Exception {
        int grown = TestSystem.WORKERS * 2;
        int shrunk = Math.max(2, TestSystem.WORKERS / 4);
        int autoMax = TestSystem.WORKERS + TestSystem.WORKERS / 2;
        List<String> ids = sendOrders();

        Waits.until("all " + TestSystem.WORKERS + " workers busy", FOLLOWS_WITHIN, () -> busy() == TestSystem.WORKERS);

        override("<variable name=\"processor.workers\" value=\"" + grown + "\"/>");
        Waits.until("pool grown to " + grown, FOLLOWS_WITHIN, () -> size() == grown);
        Waits.until("busy workers up to " + grown, FOLLOWS_WITHIN, () -> busy() == grown);

        override("<variable name=\"processor.workers\" value=\"" + shrunk + "\"/>");
        Waits.until("pool shrunk to " + shrunk, FOLLOWS_WITHIN, () -> size() == shrunk);
        // The payments running when the pool shrank finish; no new one starts until fewer than the new size run.
        Waits.until("busy workers down to " + shrunk, FOLLOWS_WITHIN, () -> busy() <= shrunk);
        int[] peakWhileShrunk = new int[1];
        Waits.holdsFor("at most " + shrunk + " workers busy on the shrunk pool", TestSystem.PAYMENT_LATENCY.multipliedBy(3),
                Duration.ofMillis(100), () -> {
                    int busy = busy();
                    peakWhileShrunk[0] = Math.max(peakWhileShrunk[0], busy);
                    return busy <= shrunk;
                });
        assertTrue(peakWhileShrunk[0] > 0, "orders kept flowing on the smaller pool");

        // Auto mode with a backlog waiting and a target age no pool can meet: the processor grows itself to its ceiling,
        // processor.workers.
        override("<variable name=\"processor.workers.mode\" value=\"auto\"/>"
                + "<variable name=\"processor.workers.min\" value=\"1\"/>"
                + "<variable name=\"processor.workers.target-age.ms\" value=\"1000\"/>"
                + "<variable name=\"processor.workers\" value=\"" + autoMax + "\"/>");
        Waits.until("auto mode on", FOLLOWS_WITHIN, () -> api.metrics().value("processor_workers_auto") == 1);
        Waits.until("auto mode grows the pool to its maximum " + autoMax + " for the backlog", FOLLOWS_WITHIN,
                () -> size() == autoMax);

        Files.delete(OVERRIDE);
        Waits.until("back to fixed, " + TestSystem.WORKERS + " workers (PROCESSOR_WORKERS)", FOLLOWS_WITHIN,
                () -> size() == TestSystem.WORKERS && api.metrics().value("processor_workers_auto") == 0);

        Waits.until("every order paid", Duration.ofSeconds(120), Duration.ofMillis(500),
                () -> FaultTally.count("", ids, TestSystem.paymentProvider().charges(), 0).paid() == ORDERS);
        // Long enough for a duplicate delivery of a message in flight during a resize to have been paid too.
        Waits.holdsFor("no order paid twice", TestSystem.PAYMENT_LATENCY.multipliedBy(4), Duration.ofMillis(500),
                () -> FaultTally.count("", ids, TestSystem.paymentProvider().charges(), 0).duplicatesPaid() == 0);
        FaultTally tally = FaultTally.count("resized 20 -> " + grown + " -> " + shrunk + " -> auto -> 20", ids,
                TestSystem.paymentProvider().charges(), 0);
        System.out.println(FaultTally.HEADER);
        System.out.println(tally.line());
        assertEquals(ORDERS, tally.paid(), "orders paid");
        assertEquals(0, tally.duplicatesPaid(), "orders paid twice");
        assertEquals(0, TestSystem.queues().depth(TestSystem.ORDER_QUEUE).total(), "messages left on the order queue");
        assertEquals(0, TestSystem.queues().depth(TestSystem.DEAD_LETTER_QUEUE).total(), "messages dead-lettered");
    }

    private List<String> sendOrders() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(16);
        List<Future<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            responses.add(clients.submit(() -> api.postAsync(SampleOrders.valid())));
        }
        List<String> ids = new ArrayList<>();
        for (Future<HttpResponse<String>> response : responses) {
            assertEquals(202, response.get().statusCode(), response.get().body());
            Matcher id = ORDER_ID.matcher(response.get().body());
            assertTrue(id.find(), response.get().body());
            ids.add(id.group(1));
        }
        clients.shutdown();
        return ids;
    }

    private int size() {
        return (int) api.metrics().value("processor_workers");
    }

    private int busy() {
        return (int) api.metrics().value("processor_workers_busy");
    }

    private static void override(String variables) {
        try {
            Files.createDirectories(OVERRIDE.getParent());
            Path written = OVERRIDE.resolveSibling(OVERRIDE.getFileName() + ".tmp");
            Files.writeString(written, "<server>" + variables + "</server>\n");
            Files.move(written, OVERRIDE, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
