package io.flashorders.lambda.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.lambda.cost.CostModel.Bill;
import io.flashorders.lambda.cost.CostModel.Fargate;
import io.flashorders.lambda.cost.CostModel.Lambda;
import io.flashorders.lambda.cost.CostModel.Options;
import io.flashorders.lambda.cost.CostModel.Sqs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The figures the ADR relies on, pinned; each with the arithmetic that gives it. */
class CostModelTest {

    private static final Lambda ASSIGNMENT_LAMBDA = new Lambda(Duration.ofSeconds(3), 512);
    private static final Fargate ASSIGNMENT_ECS = new Fargate(2, 0.25, 0.5);

    @Test
    void fargateMonthlyUsd_twoQuarterVcpuHalfGbTasks_isEighteenDollarsNotSeventeen() {
        // One task: (0.25 x $0.04048 + 0.5 x $0.004445) x 730 h = $9.01 at us-east-1 on-demand prices; two: $18.02.
        assertEquals(9.01, new Fargate(1, 0.25, 0.5).monthlyUsd(), 0.005);
        assertEquals(18.02, ASSIGNMENT_ECS.monthlyUsd(), 0.005);
        // The assignment's $17 is 2 x $8.50: $8.50 buys 689 hours of such a task, not a month of 730.
        assertEquals(688.7, 8.50 / (0.25 * CostModel.FARGATE_USD_PER_VCPU_HOUR + 0.5 * CostModel.FARGATE_USD_PER_GB_HOUR),
                0.05);
    }

    @Test
    void sqsMonthlyUsd_threeRequestsAnOrder_isFreeUpToAThirdOfAMillionOrders() {
        Sqs sqs = new Sqs(3);
        assertEquals(0.0, sqs.monthlyUsd(333_333));
        // 1M orders: 3M requests, 2M beyond the free million, x $0.40 per million.
        assertEquals(0.80, sqs.monthlyUsd(1_000_000), 1e-9);
        // 10M orders: 29M paid requests, $11.60: more than the one processor task they feed ($9.01).
        assertEquals(11.60, sqs.monthlyUsd(10_000_000), 1e-9);
        assertTrue(sqs.monthlyUsd(10_000_000) > new Fargate(1, 0.25, 0.5).monthlyUsd());
        assertEquals(7.60, new Sqs(2).monthlyUsd(10_000_000), 1e-9);
    }

    @Test
    void per1000Orders_atTheThreeVolumes() {
        Fargate one = new Fargate(1, 0.25, 0.5);
        Sqs sqs = new Sqs(3);
        // 10K orders: the task's whole $9.01 falls on them, 90 cents per 1,000; Lambda is free.
        assertEquals(0.901, CostModel.per1000Orders(one.monthlyUsd() + sqs.monthlyUsd(10_000), 10_000), 0.0005);
        assertEquals(0.0, CostModel.per1000Orders(ASSIGNMENT_LAMBDA.bill(10_000).totalUsd(), 10_000));
        // 1M: $9.01 + $0.80 against Lambda's $18.33.
        assertEquals(0.00981, CostModel.per1000Orders(one.monthlyUsd() + sqs.monthlyUsd(1_000_000), 1_000_000), 0.00001);
        assertEquals(0.01833, CostModel.per1000Orders(ASSIGNMENT_LAMBDA.bill(1_000_000).totalUsd(), 1_000_000), 0.00001);
        // 10M: $9.01 + $11.60 against $245.13.
        assertEquals(0.00206, CostModel.per1000Orders(one.monthlyUsd() + sqs.monthlyUsd(10_000_000), 10_000_000), 0.00001);
        assertEquals(0.02451, CostModel.per1000Orders(ASSIGNMENT_LAMBDA.bill(10_000_000).totalUsd(), 10_000_000), 0.00001);
        assertTrue(Double.isInfinite(CostModel.per1000Orders(9.01, 0)));
    }

    @Test
    void breakEvenOrders_withTheQueuesRequests_isLaterThanWithTheTasksAlone() {
        // Lambda: 0.000025 N - 6.67 (GB-s beyond the free 400,000) + 0.0000002 (N - 1M) (requests beyond the free
        // million); ECS: 18.02 + 0.0000012 N - 0.40 (3 requests an order beyond the free million). Equal at
        // 0.000024 N = 24.49, N = 1,020,279: the queue's requests move the break-even from 987,468.
        long withQueue = ASSIGNMENT_LAMBDA.breakEvenOrders(ASSIGNMENT_ECS, new Sqs(3)).getAsLong();
        assertEquals(1_020_279, withQueue, 5);
        assertTrue(ASSIGNMENT_LAMBDA.bill(withQueue).totalUsd()
                >= ASSIGNMENT_ECS.monthlyUsd() + new Sqs(3).monthlyUsd(withQueue));
    }

    @Test
    void bill_tenThousandOrdersAtThreeSecondsHalfGb_isFree() {
        Bill bill = ASSIGNMENT_LAMBDA.bill(10_000);

        assertEquals(15_000, bill.gbSeconds(), 1e-6);
        assertEquals(0.0, bill.totalUsd());
    }

    @Test
    void freeOrdersPerMonth_threeSecondsHalfGb_is266666() {
        // 400,000 GB-s / (3 s x 0.5 GB) = 266,666.7: the compute allowance runs out long before the million requests.
        assertEquals(1.5, ASSIGNMENT_LAMBDA.gbSecondsPerOrder(), 1e-12);
        assertEquals(266_666, ASSIGNMENT_LAMBDA.freeOrdersPerMonth());
        assertEquals(0.0, ASSIGNMENT_LAMBDA.bill(266_666).totalUsd());
        assertTrue(ASSIGNMENT_LAMBDA.bill(266_667).totalUsd() > 0);
    }

    @Test
    void freeOrdersPerMonth_shortInvocations_isCappedByTheFreeMillionRequests() {
        assertEquals(1_000_000, new Lambda(Duration.ofMillis(100), 128).freeOrdersPerMonth());
    }

    @Test
    void breakEvenOrders_againstTheAssignmentsSeventeenDollars_isAbout947ThousandNot1point7Million() {
        // Below a million orders requests are free, so only GB-seconds cost:
        // (1.5 N - 400,000) x $0.0000166667 = $17  =>  N = (17 / 0.0000166667 + 400,000) / 1.5 = 946,665.3
        assertEquals(946_666, ASSIGNMENT_LAMBDA.breakEvenOrders(17.00).getAsLong());
        // The assignment's "~1.7M" adds the paid 680,000 orders to the 1M free requests instead of to the 266,667
        // free compute orders; at 1.7M Lambda costs about twice the ECS figure.
        assertEquals(35.97, ASSIGNMENT_LAMBDA.bill(1_700_000).totalUsd(), 0.01);
    }

    @Test
    void breakEvenOrders_againstTheModelledEcsTasks_is987468() {
        // (18.02005 / 0.0000166667 + 400,000) / 1.5 = 987,467.1
        assertEquals(987_468, ASSIGNMENT_LAMBDA.breakEvenOrders(ASSIGNMENT_ECS.monthlyUsd()).getAsLong());
    }

    @Test
    void breakEvenOrders_budgetNoVolumeReaches_isEmpty() {
        assertTrue(new Lambda(Duration.ZERO, 512).breakEvenOrders(1_000_000).isEmpty());
    }

    @Test
    void bill_tenMillionOrders_chargesRequestsAndComputeBeyondTheFreeTier() {
        Bill bill = ASSIGNMENT_LAMBDA.bill(10_000_000);

        assertEquals(1.80, bill.requestUsd(), 1e-9); // 9M paid requests x $0.20 per million
        assertEquals(243.33, bill.computeUsd(), 0.005); // (15M - 0.4M) GB-s x $0.0000166667
    }

    @Test
    void concurrency_rateTimesDuration_matchesTheFlashSaleAndPipelineFigures() {
        assertEquals(180, CostModel.concurrency(60, Duration.ofSeconds(3)), 1e-9);
        assertEquals(831, CostModel.concurrency(277, Duration.ofSeconds(3)), 1e-9);
    }

    @Test
    void print_defaults_showsTheFourVolumesFreeTierBreakEvenAndConcurrency() {
        String out = print(Options.defaults());

        assertTrue(out.contains("us-east-1 on-demand prices as of " + CostModel.PRICES_AS_OF), out);
        // Lambda total, per 1,000; ECS tasks, SQS, ECS total, per 1,000; cheaper.
        assertRow(out, "10,000", "0.00", "0.0000", "18.02", "0.00", "18.02", "1.8020", "Lambda");
        assertRow(out, "267,000", "0.01", "0.0000", "18.02", "0.00", "18.02", "0.0675", "Lambda");
        assertRow(out, "1,000,000", "18.33", "0.0183", "18.02", "0.80", "18.82", "0.0188", "Lambda");
        assertRow(out, "10,000,000", "245.13", "0.0245", "18.02", "11.60", "29.62", "0.0030", "ECS");
        assertTrue(out.contains("Lambda is free up to 266,666 orders a month"), out);
        assertTrue(out.contains("(the tasks alone, $18.02: from 987,468)"), out);
        assertTrue(out.contains("so $8.50 a task is 689 hours of it."), out);
        assertTrue(out.contains("$17.00 from 946,666"), out);
        assertTrue(out.contains("60 orders/s x 3 s = 180 at once; 277 orders/s x 3 s = 831 at once."), out);
    }

    @Test
    void parse_options_overrideTheDefaults() {
        Options options = Options.parse("--duration-ms=1000", "--memory-mb=1024", "--tasks=3", "--task-vcpu=0.5",
                "--task-memory-gb=1", "--orders=5,6", "--rates=10");

        assertEquals(Duration.ofSeconds(1), options.duration());
        assertEquals(1024, options.memoryMb());
        assertEquals(new Fargate(3, 0.5, 1), options.ecs());
        assertEquals(List.of(5L, 6L), options.orders());
        assertEquals(List.of(10.0), options.rates());
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--colour=blue"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--tasks=two"));
    }

    /** The row's last cells, from "Lambda total" on. */
    private static void assertRow(String out, String orders, String... lastCells) {
        String row = out.lines().filter(line -> line.trim().startsWith(orders + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + orders + ":\n" + out));
        List<String> cells = List.of(row.trim().split("\\s+"));
        assertEquals(List.of(lastCells), cells.subList(cells.size() - lastCells.length, cells.size()), row);
    }

    private static String print(Options options) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CostModel.print(options, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
