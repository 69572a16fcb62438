package io.flashorders.lambda;

import io.flashorders.aws.AwsClients;
import io.flashorders.aws.AwsSettings;
import io.flashorders.aws.store.DynamoOrderStore;
import io.flashorders.aws.store.DynamoThroughputLog;
import io.flashorders.core.payment.PaymentGate;
import io.flashorders.core.payment.PaymentStep;
import io.flashorders.core.payment.ProviderSimulation;
import io.flashorders.core.payment.SimulatedPaymentProvider;
import io.flashorders.core.progress.OrderProgress;
import io.flashorders.core.progress.StatusEvents;
import io.flashorders.core.progress.ThroughputRecorder;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The Lambda's configuration, from its environment variables, which docs/configuration.md describes (with the names
 * the WARs' keys have where they mean the same thing); terraform's lambda.tf sets them.
 *
 * <p>The payment gate has a single permit and no wait: Lambda runs one invocation at a time in an execution
 * environment and the handler pays the records of an event one after another, so the permit is always free when a
 * payment starts. Concurrency comes from the number of environments instead, and the function's reserved concurrency
 * is the knob that caps it; the provider's own limit on payments at once has no counterpart here.
 *
 * @param paymentLatency how long one payment takes ({@code PAYMENT_LATENCY_MS}, default 3000)
 * @param orderTable     the order table ({@code ORDERS_TABLE_NAME}); without one, order statuses are not tracked
 * @param region         the table's region ({@code AWS_REGION}, which the Lambda runtime sets)
 */
public record LambdaSettings(Duration paymentLatency, Optional<String> orderTable, String region) {

    public static final String ORDERS_TABLE_NAME = "ORDERS_TABLE_NAME";
    /** A claim on an order holds this long; Lambda's first retry of a failed event comes about a minute later. */
    static final Duration CLAIM_LEASE = Duration.ofSeconds(30);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    public LambdaSettings {
        if (paymentLatency.isNegative()) {
            throw new IllegalArgumentException("the payment latency must not be negative, was " + paymentLatency);
        }
    }

    /** Without an order table. */
    public LambdaSettings(Duration paymentLatency) {
        this(paymentLatency, Optional.empty(), "us-east-1");
    }

    /** @throws IllegalArgumentException for a {@code PAYMENT_LATENCY_MS} that is not a whole number of milliseconds, 0 or more */
    public static LambdaSettings fromEnvironment(Map<String, String> environment) {
        Optional<String> table = Optional.ofNullable(environment.get(ORDERS_TABLE_NAME)).map(String::trim).filter(t -> !t.isEmpty());
        String region = Optional.ofNullable(environment.get("AWS_REGION")).orElse("us-east-1");
        return new LambdaSettings(ProviderSimulation.latencyFromEnvironment(environment), table, region);
    }

    /**
     * Status tracking in the order table, signed by the function's role, when {@code ORDERS_TABLE_NAME} is set, over the
     * JDK's HTTP client (one call at a time needs no connection pool; the SDK's endpoint variable
     * {@code AWS_ENDPOINT_URL_DYNAMODB} points it elsewhere, as the smoke test does at DynamoDB Local). No
     * completion events: the notification queue is the ECS processor's; see docs/lambda.md.
     */
    public Optional<LambdaProgress> newProgress() {
        return orderTable.map(table -> {
            DynamoDbClient dynamoDb = AwsClients.dynamoDb(new AwsSettings(region, Optional.empty(), CALL_TIMEOUT), Optional.empty(),
                    UrlConnectionHttpClient.builder());
            ThroughputRecorder throughput = new ThroughputRecorder();
            OrderProgress progress = new OrderProgress(new DynamoOrderStore(dynamoDb, table, CALL_TIMEOUT), StatusEvents.NONE,
                    throughput, Clock.systemUTC(), CLAIM_LEASE);
            return new LambdaProgress(progress, throughput, new DynamoThroughputLog(dynamoDb, table, CALL_TIMEOUT));
        });
    }

    /** A payment step with its own ledger: one per execution environment. */
    public PaymentStep newPaymentStep() {
        return new PaymentStep(new PaymentGate(1, paymentLatency, Duration.ZERO),
                new SimulatedPaymentProvider(ProviderSimulation.steady(paymentLatency)));
    }
}
