package io.flashorders.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the AWS APIs are. With an endpoint (ElasticMQ locally, a stand-in in tests) requests go there
 * unsigned; without one they go to AWS, signed with the default credential chain (an IAM role in ECS).
 *
 * @param callTimeout the most one publish or probe may take, retries included, before it counts as failed
 */
public record AwsSettings(String region, Optional<URI> endpoint, Duration callTimeout) {

    public AwsSettings {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(callTimeout, "callTimeout");
    }

    public static AwsSettings local(URI endpoint) {
        return new AwsSettings("us-east-1", Optional.of(endpoint), Duration.ofSeconds(5));
    }
}
