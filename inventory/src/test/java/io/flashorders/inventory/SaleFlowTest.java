package io.flashorders.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.core.intake.Admission;
import io.flashorders.core.intake.OrderIntake;
import io.flashorders.core.order.NewOrder;
import io.flashorders.core.order.OrderItem;
import io.flashorders.core.sale.Decision;
import io.flashorders.core.sale.Reservation;
import io.flashorders.core.sale.ReservationState;
import io.flashorders.core.sale.Sale;
import io.flashorders.core.sale.SaleCheckout;
import io.flashorders.core.sale.SaleSweeper;
import io.flashorders.core.sale.StockCounts;
import io.flashorders.core.store.Channel;
import io.flashorders.core.store.InMemoryOrderStore;
import io.flashorders.core.store.OrderRecord;
import io.flashorders.core.store.PaymentOutcome;
import io.flashorders.core.testing.MutableClock;
import io.flashorders.core.testing.RecordingPublisher;
import io.flashorders.core.money.OrderLimits;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Checkout through the order intake and settlement from the order store, on a real redis-server. */
class SaleFlowTest {

    private static final Duration HOLD = Duration.ofSeconds(2);
    private static final Duration GRACE = Duration.ofSeconds(30);

    private static final RedisInventory inventory = TestRedis.sharedInventory();

    private final MutableClock clock = new MutableClock(TestRedis.START);
    private final InMemoryOrderStore orders = new InMemoryOrderStore();
    private final RecordingPublisher queue = new RecordingPublisher();
    private final OrderIntake intake = new OrderIntake(orders, queue, clock,
            new OrderIntake.Settings(Duration.ofHours(24), Duration.ofSeconds(1), Duration.ofSeconds(45), Duration.ofSeconds(5)));
    private SaleCheckout checkout;
    private SaleSweeper sweeper;
    private Sale sale;

    @BeforeEach
    void openSale() {
        sale = TestRedis.sale(2, HOLD, 1);
        inventory.open(sale, clock.instant());
        checkout = new SaleCheckout(inventory, intake, clock);
        sweeper = new SaleSweeper(inventory, orders, clock, GRACE, 100);
    }

    private Reservation reserve(long customer) {
        return inventory.reserve(sale.saleId(), customer, UUID.randomUUID().toString(), Optional.empty(), clock.instant())
                .reservation().orElseThrow();
    }

    private StockCounts counts() {
        return inventory.snapshot(sale.saleId()).orElseThrow().counts();
    }

    private ReservationState state(Reservation r) {
        return inventory.reservation(sale.saleId(), r.reservationId()).orElseThrow().state();
    }

    private OrderRecord checkOut(Reservation r) {
        return assertInstanceOf(SaleCheckout.Accepted.class,
                checkout.checkout(sale.saleId(), r.reservationId(), OptionalLong.empty())).order();
    }

    @Test
    void checkoutQueuesOneOrderForOneUnitAtTheSalePriceAndRepeatsFindIt() {
        Reservation held = reserve(42);
        OrderRecord order = checkOut(held);
        assertEquals(42, order.order().customerId());
        assertEquals(List.of(new OrderItem("phone-x", 1, new BigDecimal("499.00"))), order.order().items());
        assertEquals(1, queue.published().size());
        assertEquals(order.orderId(), checkOut(held).orderId(), "a repeated checkout finds the same order");
        assertEquals(1, queue.published().size(), "and queues nothing more");
        Reservation now = inventory.reservation(sale.saleId(), held.reservationId()).orElseThrow();
        assertEquals(ReservationState.CHECKING_OUT, now.state());
        assertEquals(order.orderId(), now.orderId());

        clock.advance(HOLD.multipliedBy(5));
        assertEquals(0, sweeper.runOnce().expired(), "a hold in checkout does not expire");
        assertEquals(new StockCounts(2, 1, 0, 1, 0), counts());
    }

    @Test
    void theUnitIsSoldWhenTheOrderCompletesAndReleasedWhenItFails() {
        Reservation paid = reserve(1);
        Reservation declined = reserve(2);
        OrderRecord paidOrder = checkOut(paid);
        OrderRecord declinedOrder = checkOut(declined);
        assertEquals(0, sweeper.runOnce().purchased());
        assertEquals(ReservationState.CHECKING_OUT, state(paid), "pending orders settle nothing");

        orders.complete(paidOrder.orderId(), clock.instant(), new PaymentOutcome(new BigDecimal("499.00"), OrderLimits.DEFAULT_CURRENCY, clock.instant(),
                false), clock.instant());
        orders.fail(declinedOrder.orderId(), "card_declined", clock.instant());
        SaleSweeper.Pass pass = sweeper.runOnce();
        assertEquals(1, pass.purchased());
        assertEquals(1, pass.released());
        assertEquals(ReservationState.PURCHASED, state(paid));
        assertEquals(ReservationState.RELEASED, state(declined));
        assertEquals(new StockCounts(2, 1, 0, 0, 1), counts());
    }

    @Test
    void aRefusedQueueReleasesTheUnitAtOnce() {
        Reservation held = reserve(1);
        queue.failing(true);
        assertEquals(new SaleCheckout.NotQueued("queue_unavailable"),
                checkout.checkout(sale.saleId(), held.reservationId(), OptionalLong.empty()));
        assertEquals(ReservationState.RELEASED, state(held));
        assertEquals(StockCounts.opened(2), counts());
    }

    @Test
    void anExpiredHoldCannotBeCheckedOut() {
        Reservation held = reserve(1);
        clock.advance(HOLD);
        SaleCheckout.Refused refused = assertInstanceOf(SaleCheckout.Refused.class,
                checkout.checkout(sale.saleId(), held.reservationId(), OptionalLong.empty()));
        assertEquals(Decision.RESERVATION_EXPIRED, refused.verdict().decision());
        assertTrue(orders.findKey(SaleCheckout.orderKey(held.reservationId())).isEmpty(), "no order recorded");
        assertEquals(StockCounts.opened(2), counts());
    }

    @Test
    void aCheckoutThatDiedBeforeItsOrderWasRecordedIsReleasedAfterTheGrace() {
        Reservation held = reserve(1);
        inventory.startCheckout(sale.saleId(), held.reservationId(), clock.instant());
        clock.advance(GRACE.minusMillis(1));
        assertEquals(0, sweeper.runOnce().released());
        clock.advance(Duration.ofMillis(1));
        assertEquals(1, sweeper.runOnce().released());
        assertEquals(StockCounts.opened(2), counts());
    }

    @Test
    void aCheckoutThatDiedBeforeNotingItsOrderIsSettledFromTheOrderFoundByItsKey() {
        Reservation held = reserve(1);
        inventory.startCheckout(sale.saleId(), held.reservationId(), clock.instant());
        Admission admitted = intake.admit(new OrderIntake.Request(Channel.ASYNC,
                new NewOrder(1, OrderLimits.DEFAULT_CURRENCY, List.of(new OrderItem("phone-x", 1, new BigDecimal("499.00")))),
                Optional.of(SaleCheckout.orderKey(held.reservationId())), OptionalLong.empty()));
        String orderId = assertInstanceOf(Admission.Fresh.class, admitted).order().orderId();
        clock.advance(GRACE.multipliedBy(2));
        assertEquals(0, sweeper.runOnce().released(), "its order is pending: wait, however long");
        orders.complete(orderId, clock.instant(), new PaymentOutcome(BigDecimal.TEN, OrderLimits.DEFAULT_CURRENCY, clock.instant(), false), clock.instant());
        assertEquals(1, sweeper.runOnce().purchased());
        assertEquals(new StockCounts(2, 1, 0, 0, 1), counts());
    }
}
