package io.flashorders.cdi;

import io.flashorders.aws.AwsSettings;
import io.flashorders.core.payment.ProviderSimulation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The settings both WARs share, read in this one place. Their defaults are in this module's
 * {@code META-INF/microprofile-config.properties}; docs/configuration.md describes each key. None of them changes
 * while the server runs.
 */
@ApplicationScoped
public class CommonSettings {

    @Inject
    @ConfigProperty(name = "aws.region")
    String region;

    /** Set locally (ElasticMQ); left unset in AWS. */
    @Inject
    @ConfigProperty(name = "aws.endpoint")
    Optional<URI> endpoint;

    /** Set locally (DynamoDB Local); left unset in AWS. */
    @Inject
    @ConfigProperty(name = "aws.dynamodb.endpoint")
    Optional<URI> dynamoDbEndpoint;

    @Inject
    @ConfigProperty(name = "aws.call-timeout.ms")
    long callTimeoutMillis;

    @Inject
    @ConfigProperty(name = "orders.queue.name")
    String queueName;

    @Inject
    @ConfigProperty(name = "orders.table.name")
    String tableName;

    @Inject
    @ConfigProperty(name = "payment.latency.ms")
    long paymentLatencyMillis;

    @Inject
    @ConfigProperty(name = "payment.latency.jitter.ms")
    long paymentJitterMillis;

    @Inject
    @ConfigProperty(name = "payment.failure-rate")
    double paymentFailureRate;

    @Inject
    @ConfigProperty(name = "payment.decline-rate")
    double paymentDeclineRate;

    /** Set locally (local-services' provider); unset, the provider is simulated in-process. */
    @Inject
    @ConfigProperty(name = "payment.provider.url")
    Optional<URI> paymentProviderUrl;

    @Inject
    @ConfigProperty(name = "payment.provider.timeout.ms")
    long paymentProviderTimeoutMillis;

    /** Each WAR sets its own in its microprofile-config.properties: order-api or processor. */
    @Inject
    @ConfigProperty(name = "metrics.app")
    String metricsApp;

    public AwsSettings aws() {
        return new AwsSettings(region, endpoint, Duration.ofMillis(callTimeoutMillis));
    }

    public Optional<URI> dynamoDbEndpoint() {
        return dynamoDbEndpoint;
    }

    public String queueName() {
        return queueName;
    }

    public String tableName() {
        return tableName;
    }

    /** How long one payment takes. */
    public Duration paymentLatency() {
        return Duration.ofMillis(paymentLatencyMillis);
    }

    /** The in-process provider, used when {@link #paymentProviderUrl()} is empty. */
    public ProviderSimulation paymentSimulation() {
        return new ProviderSimulation(paymentLatency(), Duration.ofMillis(paymentJitterMillis), paymentFailureRate, paymentDeclineRate);
    }

    /** The provider over HTTP; empty (or set blank) for the in-process one. */
    public Optional<URI> paymentProviderUrl() {
        return paymentProviderUrl.filter(url -> !url.toString().isBlank());
    }

    public Duration paymentProviderTimeout() {
        return Duration.ofMillis(paymentProviderTimeoutMillis);
    }

    /** Tells the two WARs' metrics apart in the one registry they share. */
    public String metricsApp() {
        return metricsApp;
    }
}
