package io.flashorders.order.sale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.core.json.OrderJson;
import io.flashorders.core.sale.Sale;
import io.flashorders.core.sale.SaleSnapshot;
import io.flashorders.core.sale.SaleState;
import io.flashorders.core.sale.StockCounts;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Availability's answers: written once per read, the same bytes the view writes, again when the read or state changes. */
class AvailabilityAnswersTest {

    private static final Instant READ = Instant.parse("2026-12-03T12:00:00Z");
    private static final Instant ENDS = READ.plusMillis(200);

    private final LastKnownSales known = new LastKnownSales();
    private final AvailabilityAnswers answers = new AvailabilityAnswers();

    private static SaleSnapshot snapshot(long available) {
        Sale sale = new Sale("s", "p", 5, new BigDecimal("9.90"), "EUR", READ.minusSeconds(60), ENDS,
                Duration.ofSeconds(2), 1, null);
        return new SaleSnapshot(sale, new StockCounts(5, available, 5 - available, 0, 0));
    }

    private static String json(AvailabilityAnswers.Answer answer) {
        return new String(answer.json(), StandardCharsets.UTF_8);
    }

    @Test
    void requestsAnsweredFromOneReadGetTheBytesWrittenOnceAsTheViewWritesThem() {
        LastKnownSales.Known read = known.update(snapshot(4), READ);
        AvailabilityAnswers.Answer first = answers.fresh(read, READ.plusMillis(10));
        AvailabilityView view = AvailabilityView.of(read.snapshot(), READ.plusMillis(10), false, READ);
        assertArrayEquals(OrderJson.write(view).getBytes(StandardCharsets.UTF_8), first.json());
        assertEquals(view.tag(), first.tag());
        assertSame(first, answers.fresh(read, READ.plusMillis(150)), "the same read: the same answer, not written again");
    }

    @Test
    void aNewReadOrAStateTheClockChangesIsWrittenAgain() {
        AvailabilityAnswers.Answer first = answers.fresh(known.update(snapshot(4), READ), READ);
        LastKnownSales.Known newer = known.update(snapshot(3), READ.plusMillis(100));
        AvailabilityAnswers.Answer second = answers.fresh(newer, READ.plusMillis(100));
        assertNotSame(first, second);
        assertEquals(3, OrderJson.read(json(second), AvailabilityView.class).available());
        assertEquals(SaleState.OPEN, second.state());

        AvailabilityAnswers.Answer ended = answers.fresh(newer, ENDS);
        assertEquals(SaleState.ENDED, ended.state(), "the sale ended between two reads");
        assertArrayEquals(OrderJson.write(AvailabilityView.of(newer.snapshot(), ENDS, false, newer.readAt()))
                .getBytes(StandardCharsets.UTF_8), ended.json());
        assertNotEquals(first.tag(), second.tag(), "fewer available");
        assertNotEquals(second.tag(), ended.tag(), "ended");
    }

    @Test
    void aStaleAnswerIsWrittenForItsRequestAndNotKept() {
        LastKnownSales.Known read = known.update(snapshot(4), READ);
        AvailabilityAnswers.Answer fresh = answers.fresh(read, READ);
        AvailabilityAnswers.Answer stale = answers.stale(read, READ.plusMillis(50));
        assertTrue(OrderJson.read(json(stale), AvailabilityView.class).stale(), json(stale));
        assertNotEquals(fresh.tag(), stale.tag(), "stale figures have a tag of their own");
        assertSame(fresh, answers.fresh(read, READ.plusMillis(60)), "the stale answer did not replace the fresh one");
    }
}
