package io.flashorders.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.core.intake.OrderIntake;
import io.flashorders.core.json.OrderJson;
import io.flashorders.core.order.Order;
import io.flashorders.core.payment.Charge;
import io.flashorders.core.payment.ChargeRequest;
import io.flashorders.core.payment.PaymentDeclinedException;
import io.flashorders.core.payment.PaymentLedger;
import io.flashorders.core.payment.ProviderSimulation;
import io.flashorders.core.payment.SimulatedPaymentProvider;
import io.flashorders.core.publish.OrderPublisher;
import io.flashorders.core.sale.AuditEvent;
import io.flashorders.core.sale.AuditReplay;
import io.flashorders.core.sale.AuditType;
import io.flashorders.core.sale.Decision;
import io.flashorders.core.sale.Reservation;
import io.flashorders.core.sale.ReservationState;
import io.flashorders.core.sale.Sale;
import io.flashorders.core.sale.SaleCheckout;
import io.flashorders.core.sale.SaleSweeper;
import io.flashorders.core.sale.StockCounts;
import io.flashorders.core.store.InMemoryOrderStore;
import io.flashorders.core.store.PaymentOutcome;
import io.flashorders.local.LocalRedis;
import io.flashorders.core.money.Money;
import io.flashorders.core.money.OrderLimits;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Zero oversell under contention, on a real redis-server: thousands of reserve attempts from many threads for a few
 * hundred units, with cancels, holds left to expire, and checkouts whose payments a simulated provider declines a
 * quarter of the time, while a sweeper expires and settles and a sampler checks the invariant throughout. At the end
 * the counts match the audit trail's replay and the provider's ledger: one charge per sold unit, none for a released one.
 */
class SaleContentionTest {

    private static final int STOCK = 300;
    private static final int ATTEMPTS = 6_000;
    private static final int CUSTOMERS = 2_500;
    private static final int THREADS = 32;
    private static final Duration HOLD = Duration.ofMillis(300);

    @Test
    void neverSellsMoreThanTheStockAndEverySaleIsPaidOnce() throws Exception {
        Clock clock = Clock.systemUTC();
        try (LocalRedis redis = TestRedis.start(); RedisInventory inventory = TestRedis.inventory(redis)) {
            Instant now = clock.instant();
            Sale sale = new Sale("contention-" + UUID.randomUUID(), "console", STOCK, new BigDecimal("399.00"), "EUR",
                    now.minusSeconds(1), now.plus(Duration.ofHours(1)), HOLD, 1, null);
            assertTrue(inventory.open(sale, now));

            InMemoryOrderStore orders = new InMemoryOrderStore();
            SimulatedPaymentProvider provider = new SimulatedPaymentProvider(
                    new ProviderSimulation(Duration.ofMillis(5), Duration.ZERO, 0, 0.25), new PaymentLedger(),
                    () -> ThreadLocalRandom.current().nextDouble());
            ExecutorService processor = Executors.newFixedThreadPool(4);
            LongAdder declined = new LongAdder();
            // The processor's part: pay each queued order and record the outcome, as processor-war does.
            OrderPublisher queue = new OrderPublisher() {
                @Override
                public void publish(String orderId, String orderJson) {
                    processor.execute(() -> pay(OrderJson.readOrder(orderJson), provider, orders, clock, declined));
                }

                @Override
                public boolean reachable() {
                    return true;
                }

                @Override
                public String destination() {
                    return "in-test processor";
                }
            };
            OrderIntake intake = new OrderIntake(orders, queue, clock,
                    new OrderIntake.Settings(Duration.ofHours(24), Duration.ofSeconds(5), Duration.ofSeconds(45), Duration.ofSeconds(5)));
            SaleCheckout checkout = new SaleCheckout(inventory, intake, clock);
            SaleSweeper sweeper = new SaleSweeper(inventory, orders, clock, Duration.ofSeconds(30), 500);

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong samples = new AtomicLong();
            List<StockCounts> broken = new ArrayList<>();
            ExecutorService background = Executors.newFixedThreadPool(2);
            Future<?> sampler = background.submit(() -> {
                while (running.get()) {
                    StockCounts counts = inventory.snapshot(sale.saleId()).orElseThrow().counts();
                    samples.incrementAndGet();
                    if (!counts.conserved()) {
                        synchronized (broken) {
                            broken.add(counts);
                        }
                    }
                }
            });
            Future<?> sweeping = background.submit(() -> {
                while (running.get()) {
                    sweeper.runOnce();
                    java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
                }
            });

            Map<Decision, LongAdder> decisions = new ConcurrentHashMap<>();
            Map<String, LongAdder> actions = new ConcurrentHashMap<>();
            ExecutorService customers = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> attempts = new ArrayList<>();
            for (int i = 0; i < ATTEMPTS; i++) {
                attempts.add(customers.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    long customer = 1 + random.nextInt(CUSTOMERS);
                    var verdict = inventory.reserve(sale.saleId(), customer, UUID.randomUUID().toString(), Optional.empty(),
                            clock.instant());
                    decisions.computeIfAbsent(verdict.decision(), d -> new LongAdder()).increment();
                    if (verdict.decision() != Decision.RESERVED) {
                        return;
                    }
                    String id = verdict.reservation().orElseThrow().reservationId();
                    double roll = random.nextDouble();
                    String action = roll < 0.2 ? "cancel" : roll < 0.4 ? "left to expire" : "checkout";
                    actions.computeIfAbsent(action, a -> new LongAdder()).increment();
                    if (action.equals("cancel")) {
                        inventory.cancel(sale.saleId(), id, clock.instant());
                    } else if (action.equals("checkout")) {
                        checkout.checkout(sale.saleId(), id, OptionalLong.empty());
                    }
                }));
            }
            for (Future<?> attempt : attempts) {
                attempt.get(2, TimeUnit.MINUTES);
            }
            customers.shutdown();
            processor.shutdown();
            assertTrue(processor.awaitTermination(1, TimeUnit.MINUTES));

            // Every hold expires and every checkout settles within a few sweeps: wait for that, then stop sampling.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            StockCounts last = inventory.snapshot(sale.saleId()).orElseThrow().counts();
            while (last.held() > 0 && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
                last = inventory.snapshot(sale.saleId()).orElseThrow().counts();
            }
            running.set(false);
            sampler.get(10, TimeUnit.SECONDS);
            sweeping.get(10, TimeUnit.SECONDS);
            background.shutdown();
            StockCounts end = inventory.snapshot(sale.saleId()).orElseThrow().counts();

            List<AuditEvent> trail = inventory.audit(sale.saleId(), null, Integer.MAX_VALUE);
            Map<AuditType, Long> byType = trail.stream().collect(Collectors.groupingBy(AuditEvent::type, () ->
                    new EnumMap<>(AuditType.class), Collectors.counting()));
            List<Charge> charges = provider.ledger().charges();
            System.out.printf("contention: %d attempts from %d threads for %d units: decisions %s; after reserving %s;"
                            + " %d payments declined; end %s; %d charges; %d invariant samples, %d broken; audit %s%n",
                    ATTEMPTS, THREADS, STOCK, decisions, actions, declined.sum(), end, charges.size(), samples.get(),
                    broken.size(), byType);

            assertEquals(List.of(), broken, "the invariant held at every sample");
            assertTrue(samples.get() > 100, "the sampler ran throughout: " + samples.get());
            assertEquals(0, end.held(), "every hold expired or settled: " + end);
            assertTrue(end.conserved() && end.sold() <= STOCK, end.toString());
            assertEquals(end, AuditReplay.replay(trail), "the audit trail replays to the live counts");
            assertTrue(decisions.get(Decision.SOLD_OUT).sum() > 0, "the sale was contended");
            assertTrue(byType.getOrDefault(AuditType.EXPIRED, 0L) > 0 && byType.getOrDefault(AuditType.RELEASED, 0L) > 0
                    && byType.getOrDefault(AuditType.CANCELLED, 0L) > 0, "expiries, releases and cancels mixed in");

            // The ledger: one charge per sold unit, each for a purchased reservation's order; none for a released one.
            Map<String, ReservationState> stateByOrder = new HashMap<>();
            Map<Long, Long> boughtByCustomer = new HashMap<>();
            for (String rid : trail.stream().map(AuditEvent::reservationId).filter(r -> r != null).collect(Collectors.toSet())) {
                Reservation r = inventory.reservation(sale.saleId(), rid).orElseThrow();
                if (r.orderId() != null) {
                    stateByOrder.put(r.orderId(), r.state());
                }
                if (r.state() == ReservationState.PURCHASED) {
                    boughtByCustomer.merge(r.customerId(), 1L, Long::sum);
                }
            }
            assertEquals(end.sold(), charges.size(), "one charge per sold unit");
            Set<String> charged = charges.stream().map(Charge::orderId).collect(Collectors.toSet());
            assertEquals(charges.size(), charged.size(), "no order charged twice");
            for (String orderId : charged) {
                assertEquals(ReservationState.PURCHASED, stateByOrder.get(orderId), "charged order " + orderId);
            }
            assertEquals(stateByOrder.values().stream().filter(s -> s == ReservationState.PURCHASED).count(), charged.size());
            assertTrue(boughtByCustomer.values().stream().allMatch(n -> n <= sale.perCustomerLimit()), "no customer above the limit");
        }
    }

    private static void pay(Order order, SimulatedPaymentProvider provider, InMemoryOrderStore orders, Clock clock,
                            LongAdder declined) {
        Instant started = clock.instant();
        BigDecimal amount = order.items().get(0).price();
        try {
            provider.charge(new ChargeRequest(order.orderId(), order.orderId(), Money.of(amount, OrderLimits.DEFAULT_CURRENCY)));
            orders.complete(order.orderId(), started, new PaymentOutcome(amount, OrderLimits.DEFAULT_CURRENCY, clock.instant(), false), clock.instant());
        } catch (PaymentDeclinedException e) {
            declined.increment();
            orders.fail(order.orderId(), e.getMessage(), clock.instant());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
