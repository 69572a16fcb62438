package io.flashorders.processor.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SessionReceiverTest {

    @Test
    void prefetchFor_poolUnderTenWorkersASession_fetchesOnlyForClaimedWorkers() {
        assertEquals(0, SessionReceiver.prefetchFor(1, 1));
        assertEquals(0, SessionReceiver.prefetchFor(20, 4));
        assertEquals(0, SessionReceiver.prefetchFor(39, 4));
    }

    @Test
    void prefetchFor_largerPools_holdAtMostATenthOfTheWorkersInFetchedMessages() {
        assertEquals(1, SessionReceiver.prefetchFor(40, 4));
        assertEquals(2, SessionReceiver.prefetchFor(100, 4));
        assertEquals(5, SessionReceiver.prefetchFor(200, 4));
        for (int workers = 1; workers <= 2000; workers++) {
            int sessions = Math.min(4, workers);
            assertEquals(true, 10 * sessions * SessionReceiver.prefetchFor(workers, sessions) <= workers, workers + " workers");
        }
    }

    @Test
    void prefetchFor_veryLargePools_stopAtSqsBatchOfTen() {
        assertEquals(10, SessionReceiver.prefetchFor(1000, 4));
        assertEquals(10, SessionReceiver.prefetchFor(5000, 4));
    }
}
