package io.flashorders.aws.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flashorders.aws.AwsClients;
import io.flashorders.aws.AwsSettings;
import io.flashorders.core.progress.ProcessingRate;
import io.flashorders.core.progress.ThroughputRecorder;
import io.flashorders.local.LocalDynamoDb;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class DynamoThroughputLogTest {

    @Test
    void add_twoProcessorsFlushIntoTheSameBuckets_countsAddUpAndGiveTheRate() {
        Instant t0 = Instant.parse("2026-11-21T13:00:00Z");
        try (LocalDynamoDb local = LocalDynamoDb.start(0);
             DynamoDbClient dynamoDb = AwsClients.dynamoDb(AwsSettings.local(URI.create("http://localhost:1")), Optional.of(local.endpoint()))) {
            DynamoThroughputLog log = new DynamoThroughputLog(dynamoDb, local.table().name(), Duration.ofSeconds(5));
            ThroughputRecorder first = new ThroughputRecorder();
            ThroughputRecorder second = new ThroughputRecorder();
            for (int i = 0; i < 100; i++) {
                first.completed(t0.plusMillis(i * 100L));  // 0-9.9 s, 10 a second
                second.completed(t0.plusMillis(i * 100L + 50));
            }

            first.flushTo(log);
            second.flushTo(log);

            assertEquals(Map.of(t0, 100L, t0.plusSeconds(5), 100L), log.read(List.of(t0, t0.plusSeconds(5), t0.plusSeconds(10))));
            assertEquals(20.0, ProcessingRate.perSecond(log, t0.plusSeconds(13), Duration.ofSeconds(60)), 0.001);
        }
    }
}
