package io.flashorders.local;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/** SDK clients for a local queue server: no credentials (nothing to look up), us-east-1, endpoint override. */
final class SqsClients {

    static final Region REGION = Region.US_EAST_1;

    private SqsClients() {
    }

    /** The caller closes the client. Long polls of up to 20 s must fit in the socket timeout. */
    static SqsClient forEndpoint(URI endpoint) {
        return SqsClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(30)))
                .build();
    }
}
