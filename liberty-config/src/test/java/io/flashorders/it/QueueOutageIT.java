package io.flashorders.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.it.support.OrderApi;
import io.flashorders.it.support.SampleOrders;
import io.flashorders.it.support.TestSystem;
import io.flashorders.it.support.Waits;
import io.flashorders.local.LocalQueueServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Without its queue the API refuses orders instead of acknowledging them, says so in readiness, and recovers. */
class QueueOutageIT {

    private final OrderApi api = TestSystem.api();
    private LocalQueueServer queueServer;

    @BeforeEach
    void systemUp() {
        TestSystem.awaitReadyAndIdle();
        queueServer = TestSystem.queueServer();
    }

    @AfterEach
    void queueBack() {
        TestSystem.queueServer();
    }

    @Test
    void postAsync_queueServerStopped_503AndReadinessDownThenRecovers() {
        long acceptedBefore = api.metrics().accepted("async");
        queueServer.stop();

        HttpResponse<String> refused = api.postAsync(SampleOrders.valid());
        HttpResponse<String> readiness = api.readiness();

        assertEquals(503, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("\"error\":\"queue_unavailable\""), refused.body());
        assertTrue(refused.headers().firstValue("Retry-After").isPresent(), "Retry-After");
        assertEquals(503, readiness.statusCode(), readiness.body());
        assertTrue(readiness.body().contains("\"name\":\"order-publisher\",\"status\":\"DOWN\""), readiness.body());
        assertTrue(readiness.body().contains("\"name\":\"order-queue\",\"status\":\"DOWN\""), readiness.body());
        assertEquals(acceptedBefore, api.metrics().accepted("async"), "no order acknowledged during the outage");

        queueServer.restart();
        Waits.until("ready again", Duration.ofSeconds(60), () -> api.readiness().statusCode() == 200);
        long paidBefore = api.metrics().processorPayments();
        HttpResponse<String> accepted = api.postAsync(SampleOrders.valid());

        assertEquals(202, accepted.statusCode(), accepted.body());
        Waits.until("the order after the outage paid", Duration.ofSeconds(60),
                () -> api.metrics().processorPayments() == paidBefore + 1);
    }
}
