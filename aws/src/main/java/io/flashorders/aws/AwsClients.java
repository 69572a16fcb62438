package io.flashorders.aws;

import java.net.URI;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the SDK clients from {@link AwsSettings}. Clients are thread-safe and pool their connections:
 * build one per application and share it.
 */
public final class AwsClients {

    /** Enough pooled connections for every request thread and worker to talk to the queue at once. */
    private static final int MAX_CONNECTIONS = 200;

    private AwsClients() {
    }

    /** @param interceptors see each request, e.g. {@link RequestCounting} */
    public static SqsClient sqs(AwsSettings settings, ExecutionInterceptor... interceptors) {
        return configure(SqsClient.builder(), settings).overrideConfiguration(c -> overrides(c, interceptors)).build();
    }

    public static SnsClient sns(AwsSettings settings, ExecutionInterceptor... interceptors) {
        return configure(SnsClient.builder(), settings).overrideConfiguration(c -> overrides(c, interceptors)).build();
    }

    /**
     * A DynamoDB client. DynamoDB has an endpoint of its own locally (DynamoDB Local beside ElasticMQ): with one, requests
     * go there; without, to AWS in the settings' region, signed by the default chain.
     */
    public static DynamoDbClient dynamoDb(AwsSettings settings, Optional<URI> endpoint, ExecutionInterceptor... interceptors) {
        return dynamoDbBuilder(settings, endpoint, interceptors).build();
    }

    /**
     * The builder behind {@link #dynamoDb(AwsSettings, Optional, ExecutionInterceptor...)}, configured and not yet built:
     * for a measurement that changes one setting of the applications' client (bench/store-call-cost).
     */
    public static DynamoDbClientBuilder dynamoDbBuilder(AwsSettings settings, Optional<URI> endpoint, ExecutionInterceptor... interceptors) {
        return dynamoDbBuilder(settings, endpoint, ApacheHttpClient.builder().maxConnections(MAX_CONNECTIONS), interceptors);
    }

    /**
     * The same over another HTTP client: the Lambda's, which makes one call at a time, takes the JDK's
     * {@code UrlConnectionHttpClient}, lighter to load than Apache's pool (and without it in its jar).
     */
    public static DynamoDbClient dynamoDb(AwsSettings settings, Optional<URI> endpoint, SdkHttpClient.Builder<?> http,
                                          ExecutionInterceptor... interceptors) {
        return dynamoDbBuilder(settings, endpoint, http, interceptors).build();
    }

    private static DynamoDbClientBuilder dynamoDbBuilder(AwsSettings settings, Optional<URI> endpoint, SdkHttpClient.Builder<?> http,
                                                        ExecutionInterceptor... interceptors) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .overrideConfiguration(c -> overrides(c, interceptors))
                .region(Region.of(settings.region()))
                .httpClientBuilder(http);
        // DynamoDB Local refuses unsigned requests but accepts any key: a placeholder, not a credential.
        builder.credentialsProvider(endpoint.isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))
                : DefaultCredentialsProvider.builder().build());
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }

    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, AwsSettings settings) {
        builder.region(Region.of(settings.region()))
                .credentialsProvider(credentials(settings))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(MAX_CONNECTIONS));
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder;
    }

    private static void overrides(ClientOverrideConfiguration.Builder config,
            ExecutionInterceptor... interceptors) {
        for (ExecutionInterceptor interceptor : interceptors) {
            config.addExecutionInterceptor(interceptor);
        }
        config.scheduledExecutorService(TIMEOUTS);
    }

    /**
     * Where every client schedules each call's timeout (aws.call-timeout.ms), one pool for all of them. The SDK's own
     * pool keeps a cancelled timeout queued until it would have fired, and a thread wakes to drop it: three wake-ups per
     * accepted order, about a tenth of the order API's CPU per order in bench/run. This one removes a timeout when its
     * call ends. The SDK does not shut down an executor it was given, so its threads end by themselves after a minute idle.
     */
    private static final ScheduledExecutorService TIMEOUTS = timeouts();

    private static ScheduledExecutorService timeouts() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, runnable -> {
            Thread thread = new Thread(runnable, "aws-call-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setKeepAliveTime(1, TimeUnit.MINUTES);
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    private static AwsCredentialsProvider credentials(AwsSettings settings) {
        // A local endpoint needs no credentials, and probing the default chain there would go looking
        // for an instance metadata service that does not exist.
        return settings.endpoint().isPresent() ? AnonymousCredentialsProvider.create() : DefaultCredentialsProvider.builder().build();
    }
}
