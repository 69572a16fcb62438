package io.flashorders.lambda.cost;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.LongPredicate;

/**
 * ECS workers or Lambda: what each costs a month for the order processing, at a given order volume. Plain arithmetic
 * on AWS's public prices, so that the decision in {@code docs/adr} can be re-run with other numbers.
 *
 * <ul>
 * <li><b>ECS</b>: N Fargate tasks that run all month whatever the volume: tasks x (vCPU x vCPU-hour price + GB x
 *     GB-hour price) x hours a month.</li>
 * <li><b>Lambda</b>: one invocation per order (SNS hands each message to its own invocation). Requests beyond the
 *     free million are charged per million; GB-seconds (billed duration x memory in GB, 1024 MB = 1 GB) beyond the
 *     free 400,000 per GB-second. The free tier is per account and month, shared with every other function.</li>
 * <li><b>Concurrency</b> = arrival rate x duration (Little's law): the executions running at once, which the account's
 *     concurrency limit (or the function's reserved concurrency) must allow.</li>
 *
 * <li><b>SQS</b>, the ECS path only: the queue's requests per order (default 3: the send SNS makes, the receive, the
 *     delete; 2 where receives are batched), beyond the free million a month, per million requests. At 10M orders a
 *     month they cost more than one processor task.</li>
 * </ul>
 *
 * <p>Each path is also given per 1,000 orders, the figure to compare with what an order earns. Not counted: SNS
 * publishing (the same for both paths), the load balancer, NAT and CloudWatch Logs (both paths), Savings Plans and
 * Spot. Since 1 August 2025 Lambda also bills the init phase of a cold start; with one cold start per execution
 * environment that is noise next to 3 s per order, and it is left out.
 *
 * <p>Run it: {@code java -cp lambda/target/lambda.jar io.flashorders.lambda.cost.CostModel}, optionally with
 * {@code --duration-ms=3000 --memory-mb=512 --tasks=2 --task-vcpu=0.25 --task-memory-gb=0.5 --sqs-requests-per-order=3
 * --orders=10000,267000,1000000,10000000 --rates=60,277}.
 */
public final class CostModel {

    /** Where the prices below apply, and when they were last checked against the pricing pages. */
    public static final String REGION = "us-east-1";
    public static final String PRICES_AS_OF = "2026-11-21";

    /** aws.amazon.com/lambda/pricing, US East (N. Virginia), x86: USD per million requests. */
    public static final double LAMBDA_USD_PER_MILLION_REQUESTS = 0.20;
    /** aws.amazon.com/lambda/pricing, US East (N. Virginia), x86, first 6 billion GB-seconds a month. */
    public static final double LAMBDA_USD_PER_GB_SECOND = 0.0000166667;
    /** aws.amazon.com/lambda/pricing: the monthly free tier, per account, all functions together. */
    public static final long LAMBDA_FREE_REQUESTS_PER_MONTH = 1_000_000;
    public static final double LAMBDA_FREE_GB_SECONDS_PER_MONTH = 400_000;
    /** aws.amazon.com/fargate/pricing, US East (N. Virginia), Linux/x86, on demand: USD per vCPU-hour. */
    public static final double FARGATE_USD_PER_VCPU_HOUR = 0.04048;
    /** aws.amazon.com/fargate/pricing, US East (N. Virginia), Linux/x86, on demand: USD per GB-hour. */
    public static final double FARGATE_USD_PER_GB_HOUR = 0.004445;
    /** aws.amazon.com/sqs/pricing, US East (N. Virginia), standard queue: USD per million requests. */
    public static final double SQS_USD_PER_MILLION_REQUESTS = 0.40;
    /** aws.amazon.com/sqs/pricing: the monthly free tier, per account, all queues together. */
    public static final long SQS_FREE_REQUESTS_PER_MONTH = 1_000_000;
    /** The AWS pricing calculator's month: 365 days x 24 h / 12. */
    public static final double HOURS_PER_MONTH = 730;
    public static final double SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;

    /** The assignment's ECS figure: 2 tasks x $8.50 a month (one task of its size costs $9.01 over 730 h). */
    public static final double ASSIGNMENT_ECS_USD_PER_MONTH = 17.00;

    /** Beyond this many orders a month a break-even search gives up (the cost never reaches the budget). */
    static final long MAX_ORDERS_PER_MONTH = 1_000_000_000_000L;

    private CostModel() {
    }

    /** Always-on Fargate tasks of one size. */
    public record Fargate(int tasks, double vcpu, double memoryGb) {

        public Fargate {
            if (tasks < 0 || vcpu <= 0 || memoryGb <= 0) {
                throw new IllegalArgumentException("tasks must be 0 or more, vCPU and memory more than 0");
            }
        }

        public double monthlyUsd() {
            return tasks * (vcpu * FARGATE_USD_PER_VCPU_HOUR + memoryGb * FARGATE_USD_PER_GB_HOUR) * HOURS_PER_MONTH;
        }
    }

    /** The ECS path's queue: this many SQS requests per order (a 64 KB chunk each). */
    public record Sqs(double requestsPerOrder) {

        public Sqs {
            if (requestsPerOrder < 0) {
                throw new IllegalArgumentException("requests per order must not be negative");
            }
        }

        public double monthlyUsd(long ordersPerMonth) {
            return Math.max(0, ordersPerMonth * requestsPerOrder - SQS_FREE_REQUESTS_PER_MONTH) / 1_000_000.0
                    * SQS_USD_PER_MILLION_REQUESTS;
        }
    }

    /** USD per 1,000 orders for a month's bill; infinite for no orders. */
    public static double per1000Orders(double monthlyUsd, long ordersPerMonth) {
        return ordersPerMonth == 0 ? Double.POSITIVE_INFINITY : monthlyUsd / ordersPerMonth * 1000;
    }

    /** One Lambda invocation per order, of this billed duration, at this memory size. */
    public record Lambda(Duration billedDuration, int memoryMb) {

        public Lambda {
            if (billedDuration.isNegative() || memoryMb <= 0) {
                throw new IllegalArgumentException("the duration must not be negative and the memory must be more than 0");
            }
        }

        public double gbSecondsPerOrder() {
            return billedDuration.toNanos() / 1e9 * memoryMb / 1024.0;
        }

        public Bill bill(long ordersPerMonth) {
            if (ordersPerMonth < 0) {
                throw new IllegalArgumentException("orders must not be negative");
            }
            double gbSeconds = ordersPerMonth * gbSecondsPerOrder();
            double requestUsd = Math.max(0, ordersPerMonth - LAMBDA_FREE_REQUESTS_PER_MONTH)
                    / 1_000_000.0 * LAMBDA_USD_PER_MILLION_REQUESTS;
            double computeUsd = Math.max(0, gbSeconds - LAMBDA_FREE_GB_SECONDS_PER_MONTH) * LAMBDA_USD_PER_GB_SECOND;
            return new Bill(ordersPerMonth, gbSeconds, requestUsd, computeUsd);
        }

        /** The most orders a month that cost nothing: the first free-tier allowance to run out decides. */
        public long freeOrdersPerMonth() {
            return first(orders -> bill(orders).totalUsd() > 0).orElse(MAX_ORDERS_PER_MONTH + 1) - 1;
        }

        /** The fewest orders a month that cost at least {@code monthlyUsd}; empty if no volume does. */
        public OptionalLong breakEvenOrders(double monthlyUsd) {
            return first(orders -> bill(orders).totalUsd() >= monthlyUsd);
        }

        /** The fewest orders a month for which Lambda costs at least the tasks and their queue's requests. */
        public OptionalLong breakEvenOrders(Fargate ecs, Sqs sqs) {
            return first(orders -> bill(orders).totalUsd() >= ecs.monthlyUsd() + sqs.monthlyUsd(orders));
        }
    }

    /** A month of Lambda charges. */
    public record Bill(long orders, double gbSeconds, double requestUsd, double computeUsd) {

        public double totalUsd() {
            return requestUsd + computeUsd;
        }
    }

    /** Executions (or workers) busy at once when orders arrive at this rate and each takes this long. */
    public static double concurrency(double ordersPerSecond, Duration duration) {
        return ordersPerSecond * duration.toNanos() / 1e9;
    }

    /** The smallest order count, 0 to {@link #MAX_ORDERS_PER_MONTH}, for which a test that stays true once true holds. */
    static OptionalLong first(LongPredicate holds) {
        if (!holds.test(MAX_ORDERS_PER_MONTH)) {
            return OptionalLong.empty();
        }
        long low = 0;
        long high = MAX_ORDERS_PER_MONTH;
        while (low < high) {
            long middle = low + (high - low) / 2;
            if (holds.test(middle)) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return OptionalLong.of(low);
    }

    /** Prints the comparison table for the given (or default) figures. */
    public static void main(String[] args) {
        if (List.of(args).contains("--help")) {
            System.out.println(Options.USAGE);
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        print(options, System.out);
    }

    static void print(Options options, PrintStream out) {
        Lambda lambda = new Lambda(options.duration(), options.memoryMb());
        Fargate ecs = options.ecs();
        Sqs sqs = options.sqs();
        double ecsUsd = ecs.monthlyUsd();
        double seconds = options.duration().toMillis() / 1000.0;

        out.printf(Locale.ROOT, "Lambda vs ECS workers: compute cost a month in USD, %s on-demand prices as of %s%n",
                REGION, PRICES_AS_OF);
        out.printf(Locale.ROOT, "  Lambda: %d MB, %,d ms per order (%s GB-s); free tier %,d requests + %,.0f GB-s a month%n",
                options.memoryMb(), options.duration().toMillis(), number(lambda.gbSecondsPerOrder()),
                LAMBDA_FREE_REQUESTS_PER_MONTH, LAMBDA_FREE_GB_SECONDS_PER_MONTH);
        out.printf(Locale.ROOT, "  ECS:    %d Fargate task%s x %s vCPU / %s GB, always on, %.0f h a month = $%.2f%n",
                ecs.tasks(), ecs.tasks() == 1 ? "" : "s", number(ecs.vcpu()), number(ecs.memoryGb()), HOURS_PER_MONTH,
                ecsUsd);

        out.printf(Locale.ROOT, "  SQS:    %s requests per order (ECS path only), %,d free a month, then $%.2f per million%n%n",
                number(sqs.requestsPerOrder()), SQS_FREE_REQUESTS_PER_MONTH, SQS_USD_PER_MILLION_REQUESTS);

        out.printf(Locale.ROOT, "%14s %11s %16s %14s %13s %11s %10s %8s %10s %11s  %s%n", "orders/month", "avg rate/s",
                "avg concurrency", "GB-seconds", "Lambda total", "Lambda /1k", "ECS tasks", "SQS", "ECS total",
                "ECS /1k", "cheaper");
        for (long orders : options.orders()) {
            Bill bill = lambda.bill(orders);
            double rate = orders / SECONDS_PER_MONTH;
            double queueUsd = sqs.monthlyUsd(orders);
            double pathUsd = ecsUsd + queueUsd;
            out.printf(Locale.ROOT, "%,14d %11.3f %16.2f %,14.0f %13.2f %11.4f %10.2f %8.2f %10.2f %11.4f  %s%n", orders,
                    rate, concurrency(rate, options.duration()), bill.gbSeconds(), bill.totalUsd(),
                    per1000Orders(bill.totalUsd(), orders), ecsUsd, queueUsd, pathUsd, per1000Orders(pathUsd, orders),
                    cheaper(bill.totalUsd(), pathUsd));
        }

        out.println();
        out.printf(Locale.ROOT, "Lambda is free up to %,d orders a month (%,.0f GB-s / %s GB-s per order; %,d free requests).%n",
                lambda.freeOrdersPerMonth(), LAMBDA_FREE_GB_SECONDS_PER_MONTH, number(lambda.gbSecondsPerOrder()),
                LAMBDA_FREE_REQUESTS_PER_MONTH);
        out.printf(Locale.ROOT, "Lambda costs as much as the ECS tasks and their SQS requests from %s orders a month"
                        + " (the tasks alone, $%.2f: from %s), and as much as the assignment's $%.2f from %s.%n",
                orders(lambda.breakEvenOrders(ecs, sqs)), ecsUsd, orders(lambda.breakEvenOrders(ecsUsd)),
                ASSIGNMENT_ECS_USD_PER_MONTH, orders(lambda.breakEvenOrders(ASSIGNMENT_ECS_USD_PER_MONTH)));
        out.printf(Locale.ROOT, "The assignment's $%.2f is 2 x $8.50; one task of %s vCPU / %s GB costs $%.2f over %.0f h"
                        + " at these prices, so $8.50 a task is %.0f hours of it.%n", ASSIGNMENT_ECS_USD_PER_MONTH,
                number(ecs.vcpu()), number(ecs.memoryGb()), new Fargate(1, ecs.vcpu(), ecs.memoryGb()).monthlyUsd(),
                HOURS_PER_MONTH, ASSIGNMENT_ECS_USD_PER_MONTH / 2 / (ecs.vcpu() * FARGATE_USD_PER_VCPU_HOUR
                        + ecs.memoryGb() * FARGATE_USD_PER_GB_HOUR));
        StringBuilder peaks = new StringBuilder("Concurrency = rate x duration:");
        for (double rate : options.rates()) {
            peaks.append(String.format(Locale.ROOT, " %s orders/s x %s s = %s at once;", number(rate), number(seconds),
                    number(concurrency(rate, options.duration()))));
        }
        peaks.setLength(peaks.length() - 1);
        out.println(peaks.append('.'));
    }

    private static String cheaper(double lambdaUsd, double ecsUsd) {
        if (Math.abs(lambdaUsd - ecsUsd) < 0.005) {
            return "same";
        }
        return lambdaUsd < ecsUsd ? "Lambda" : "ECS";
    }

    private static String orders(OptionalLong orders) {
        return orders.isPresent() ? String.format(Locale.ROOT, "%,d", orders.getAsLong()) : "no volume";
    }

    /** A figure without trailing zeros: 1.5, 0.25, 180. */
    private static String number(double value) {
        String text = String.format(Locale.ROOT, "%.4f", value);
        return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }

    /** The command line: {@code --name=value} pairs, each optional. */
    record Options(Duration duration, int memoryMb, Fargate ecs, Sqs sqs, List<Long> orders, List<Double> rates) {

        static final String USAGE = "usage: CostModel [--duration-ms=3000] [--memory-mb=512] [--tasks=2] [--task-vcpu=0.25]"
                + " [--task-memory-gb=0.5] [--sqs-requests-per-order=3] [--orders=10000,267000,1000000,10000000]"
                + " [--rates=60,277]";

        static Options defaults() {
            return new Options(Duration.ofMillis(3000), 512, new Fargate(2, 0.25, 0.5), new Sqs(3),
                    List.of(10_000L, 267_000L, 1_000_000L, 10_000_000L), List.of(60.0, 277.0));
        }

        static Options parse(String... args) {
            Options defaults = defaults();
            Duration duration = defaults.duration();
            int memoryMb = defaults.memoryMb();
            int tasks = defaults.ecs().tasks();
            double vcpu = defaults.ecs().vcpu();
            double taskGb = defaults.ecs().memoryGb();
            double sqsRequests = defaults.sqs().requestsPerOrder();
            List<Long> orders = defaults.orders();
            List<Double> rates = defaults.rates();
            for (String arg : args) {
                int equals = arg.indexOf('=');
                if (!arg.startsWith("--") || equals < 0) {
                    throw new IllegalArgumentException("not an option: " + arg);
                }
                String name = arg.substring(2, equals);
                String value = arg.substring(equals + 1);
                try {
                    switch (name) {
                        case "duration-ms" -> duration = Duration.ofMillis(Long.parseLong(value));
                        case "memory-mb" -> memoryMb = Integer.parseInt(value);
                        case "tasks" -> tasks = Integer.parseInt(value);
                        case "task-vcpu" -> vcpu = Double.parseDouble(value);
                        case "task-memory-gb" -> taskGb = Double.parseDouble(value);
                        case "sqs-requests-per-order" -> sqsRequests = Double.parseDouble(value);
                        case "orders" -> orders = list(value, Long::parseLong);
                        case "rates" -> rates = list(value, Double::parseDouble);
                        default -> throw new IllegalArgumentException("unknown option: --" + name);
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a number in " + arg);
                }
            }
            return new Options(duration, memoryMb, new Fargate(tasks, vcpu, taskGb), new Sqs(sqsRequests), orders, rates);
        }

        private static <T> List<T> list(String value, java.util.function.Function<String, T> parse) {
            List<T> items = new ArrayList<>();
            for (String item : value.split(",")) {
                items.add(parse.apply(item.trim()));
            }
            return List.copyOf(items);
        }
    }
}
