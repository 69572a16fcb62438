package io.flashorders.core.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class BatchedOrderPublisherTest {

    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final List<List<BatchPublisher.Message>> calls = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        callers.shutdownNow();
    }

    /** Confirms every message except those of the refused orders, which the answer names with a reason. */
    private BatchPublisher queue(Set<String> refusedOrders) {
        return new BatchPublisher() {
            @Override
            public Map<Integer, PublishException> publishAll(List<Message> messages) {
                calls.add(messages);
                List<String> confirmed = new ArrayList<>();
                Map<String, String> refusals = new HashMap<>();
                for (int i = 0; i < messages.size(); i++) {
                    if (refusedOrders.contains(messages.get(i).orderId())) {
                        refusals.put(Integer.toString(i), "InvalidMessageContents");
                    } else {
                        confirmed.add(Integer.toString(i));
                    }
                }
                return BatchPublisher.failures(messages, confirmed, refusals, destination());
            }

            @Override
            public void publish(String orderId, String orderJson) {
                throw new AssertionError("publishes go through publishAll");
            }

            @Override
            public boolean reachable() {
                return true;
            }

            @Override
            public String destination() {
                return "test-queue";
            }
        };
    }

    @Test
    void publish_oneOrderRefusedInABatchOfThree_onlyItsPublishThrowsNamingIt() throws Exception {
        BatchedOrderPublisher publisher = new BatchedOrderPublisher(queue(Set.of("o2")), 3, Duration.ofMinutes(5));

        List<Future<?>> answers = new ArrayList<>();
        for (String id : List.of("o1", "o2", "o3")) {
            answers.add(callers.submit(() -> {
                publisher.publish(id, "{\"order_id\":\"" + id + "\"}");
                return null;
            }));
        }

        answers.get(0).get(20, TimeUnit.SECONDS);
        ExecutionException refused = assertThrows(ExecutionException.class, () -> answers.get(1).get(20, TimeUnit.SECONDS));
        answers.get(2).get(20, TimeUnit.SECONDS);
        assertTrue(refused.getCause() instanceof PublishException, "told: " + refused.getCause());
        assertTrue(refused.getCause().getMessage().contains("o2"), refused.getCause().getMessage());
        assertTrue(refused.getCause().getMessage().contains("InvalidMessageContents"), refused.getCause().getMessage());
        assertEquals(1, calls.size());
        assertEquals(3, calls.get(0).size());
    }

    @Test
    void failures_entryNeitherConfirmedNorRefused_countsAsFailed() {
        List<BatchPublisher.Message> messages = List.of(new BatchPublisher.Message("o1", "{}"), new BatchPublisher.Message("o2", "{}"));

        Map<Integer, PublishException> failed = BatchPublisher.failures(messages, List.of("0"), Map.of(), "q");

        assertEquals(Set.of(1), failed.keySet());
        assertTrue(failed.get(1).getMessage().contains("o2"), failed.get(1).getMessage());
    }

    @Test
    void new_batchOfMoreThanTen_refused() {
        assertThrows(IllegalArgumentException.class, () -> new BatchedOrderPublisher(queue(Set.of()), 11, Duration.ZERO));
    }
}
