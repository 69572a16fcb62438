package io.flashorders.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

class CachedQueueDepthTest {

    private final List<Runnable> queued = new ArrayList<>();

    @Test
    void current_nothingReadYet_answersUnknownAtOnceAndReadsInTheBackgroundOnce() {
        AtomicInteger reads = new AtomicInteger();
        CachedQueueDepth depth = new CachedQueueDepth(() -> new QueueDepth(reads.incrementAndGet(), 0, 0), queued::add, Duration.ofHours(1));

        assertFalse(depth.current().known());
        assertFalse(depth.current().known());
        assertEquals(1, queued.size(), "one refresh at a time");

        queued.remove(0).run();
        assertEquals(1, depth.current().visible());
        assertEquals(0, queued.size(), "fresh: no refresh");
    }

    @Test
    void current_readingOlderThanMaxAge_isUnknownRatherThanOld() {
        AtomicInteger reads = new AtomicInteger();
        CachedQueueDepth depth = new CachedQueueDepth(() -> new QueueDepth(reads.incrementAndGet(), 0, 0), queued::add, Duration.ofMillis(20));
        depth.fresh();
        assertEquals(1, depth.current().visible(), "fresh: answered");

        // Answered as long as the reading is fresh; UNKNOWN, and no older figure, once it is 20 ms old.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        QueueDepth answer;
        while ((answer = depth.current()).known()) {
            assertEquals(1, answer.visible(), "the one reading, or nothing");
            assertTrue(System.nanoTime() < deadline, "a reading older than its max age is still answered");
            Thread.onSpinWait();
        }

        assertEquals(QueueDepth.UNKNOWN, answer);
        assertEquals(1, queued.size(), "and a refresh is on its way");
    }

    @Test
    void fresh_staleReading_readsNowOnTheCallersThread() {
        AtomicInteger reads = new AtomicInteger();
        CachedQueueDepth depth = new CachedQueueDepth(() -> new QueueDepth(reads.incrementAndGet(), 0, 0), queued::add, Duration.ofHours(1));

        assertEquals(1, depth.fresh().visible());
        assertEquals(1, depth.fresh().visible(), "fresh enough: not read again");
        assertEquals(0, queued.size());
    }

    @Test
    void fresh_readingFails_isUnknown() {
        CachedQueueDepth depth = new CachedQueueDepth(() -> {
            throw SdkClientException.create("queue down");
        }, Runnable::run, Duration.ZERO);

        assertEquals(QueueDepth.UNKNOWN, depth.fresh());
    }
}
