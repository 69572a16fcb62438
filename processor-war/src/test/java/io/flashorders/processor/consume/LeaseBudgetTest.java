package io.flashorders.processor.consume;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LeaseBudgetTest {

    private final LeaseBudget defaults = new LeaseBudget(Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(5));

    @Test
    void longestPayment_isProviderTimeoutPlusGateWaitPlusTwoCalls() {
        assertEquals(Duration.ofSeconds(41), defaults.longestPayment());
    }

    @Test
    void require_leasesOutlastThePayment_starts() {
        assertDoesNotThrow(() -> defaults.require(Duration.ofSeconds(45), Duration.ofSeconds(120)));
    }

    @Test
    void require_claimLeaseNoLongerThanTheProviderTimeout_refusesToStart() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> defaults.require(Duration.ofSeconds(30), Duration.ofSeconds(120)));
        assertEquals(true, refused.getMessage().contains("41000 ms"), refused.getMessage());
    }

    @Test
    void require_leaseMaxAgeShorterThanAPayment_refusesToStart() {
        assertThrows(IllegalStateException.class, () -> defaults.require(Duration.ofSeconds(45), Duration.ofSeconds(41)));
    }
}
