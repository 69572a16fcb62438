package io.flashorders.core.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrderStatusTest {

    @Test
    void canMoveTo_everyPair_onlyForwardMovesAllowed() {
        Set<String> allowed = Set.of("PENDING>PROCESSING", "PENDING>COMPLETED", "PENDING>FAILED", "PENDING>REJECTED",
                "PROCESSING>COMPLETED", "PROCESSING>FAILED");
        for (OrderStatus from : OrderStatus.values()) {
            for (OrderStatus to : OrderStatus.values()) {
                assertEquals(allowed.contains(from + ">" + to), from.canMoveTo(to), from + " -> " + to);
            }
        }
    }

    @Test
    void isFinal_completedFailedRejected_areFinalOthersNot() {
        for (OrderStatus status : OrderStatus.values()) {
            assertEquals(EnumSet.of(OrderStatus.COMPLETED, OrderStatus.FAILED, OrderStatus.REJECTED).contains(status), status.isFinal());
        }
    }

    @Test
    void wireName_rejected_isLowerCaseAndReadsBack() {
        assertEquals("rejected", OrderStatus.REJECTED.wireName());
        assertEquals(OrderStatus.REJECTED, OrderStatus.fromWireName("rejected"));
        assertTrue(OrderStatus.PENDING.canMoveTo(OrderStatus.REJECTED));
        assertFalse(OrderStatus.PROCESSING.canMoveTo(OrderStatus.REJECTED));
    }
}
