package io.flashorders.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerMetricsTest {

    private static final String SCRAPE = """
            # HELP aws_requests_total Requests sent to AWS services
            # TYPE aws_requests_total counter
            aws_requests_total{app="order-api",mp_scope="application",operation="SendMessageBatch",service="Sqs",} 12.0
            aws_requests_total{app="order-api",mp_scope="application",operation="PutItem",service="DynamoDb",} 30.0
            aws_requests_total{app="processor",mp_scope="application",operation="ReceiveMessage",service="Sqs",} 7.0
            orders_accepted_total{endpoint="async",mp_scope="application",} 30.0
            orders_accepted_total{endpoint="sync",mp_scope="application",} 2.0
            memory_usedHeap_bytes{mp_scope="base",} 1.2345678E8
            """;

    @Test
    void sum_labelsToMatch_addsOnlyTheMatchingSeries() {
        ServerMetrics metrics = ServerMetrics.parse(SCRAPE);

        assertEquals(30.0, metrics.sum("orders_accepted_total", Map.of("endpoint", "async")));
        assertEquals(32.0, metrics.sum("orders_accepted_total", Map.of()));
        assertEquals(1.2345678E8, metrics.sum("memory_usedHeap_bytes", Map.of()));
    }

    @Test
    void awsRequests_scrape_byAppServiceAndOperation() {
        assertEquals(Map.of("order-api Sqs SendMessageBatch", 12.0, "order-api DynamoDb PutItem", 30.0, "processor Sqs ReceiveMessage", 7.0),
                ServerMetrics.parse(SCRAPE).awsRequests());
    }

    @Test
    void millis_thousandSamples_nearestRank() {
        long[] nanos = new long[1000];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = (nanos.length - i) * 1_000_000L;
        }
        Latencies latencies = new Latencies(nanos);

        assertEquals(500.0, latencies.millis(50));
        assertEquals(990.0, latencies.millis(99));
        assertEquals(999.0, latencies.millis(99.9));
    }

    @Test
    void childrenCpu_shTimes_userPlusSystemOfTheChildren() {
        assertEquals(62.5, HeyLoad.childrenCpu(List.of("0m0.01s 0m0.00s", "1m2.00s 0m0.50s")), 1e-9);
    }
}
