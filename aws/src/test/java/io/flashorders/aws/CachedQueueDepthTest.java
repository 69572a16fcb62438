package io.flashorders.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

class CachedQueueDepthTest {

    private final List<Runnable> queued = new ArrayList<>();

    @Test
    void current_firstCall_answersUnknownAtOnceAndReadsInTheBackground() {
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
    void current_readingFails_isUnknownAgain() {
        AtomicInteger reads = new AtomicInteger();
        CachedQueueDepth depth = new CachedQueueDepth(() -> {
            if (reads.incrementAndGet() > 1) {
                throw SdkClientException.create("queue down");
            }
            return new QueueDepth(5, 1, 0);
        }, Runnable::run, Duration.ZERO);

        assertEquals(new QueueDepth(5, 1, 0), depth.current(), "read on this thread here, so answered at once");
        assertEquals(QueueDepth.UNKNOWN, depth.current());
    }
}
