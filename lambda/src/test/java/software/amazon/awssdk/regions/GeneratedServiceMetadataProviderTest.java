package software.amazon.awssdk.regions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.servicemetadata.DynamodbServiceMetadata;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The Lambda's one-service metadata table, as the SDK reaches it: this module's class comes first on the test classpath,
 * as it is the only one in the deployable jar.
 */
class GeneratedServiceMetadataProviderTest {

    @Test
    void dynamoDb_isTheSdksOwnGeneratedMetadata() {
        ServiceMetadata metadata = DynamoDbClient.serviceMetadata();

        assertInstanceOf(DynamodbServiceMetadata.class, metadata);
        assertEquals(URI.create("dynamodb.eu-west-1.amazonaws.com"), metadata.endpointFor(Region.EU_WEST_1));
        assertEquals(Region.US_GOV_WEST_1, metadata.signingRegion(Region.US_GOV_WEST_1));
    }

    @Test
    void anotherService_hasNoEntryAndTheSdkFallsBackToItsDefaultMetadata() {
        assertNull(new GeneratedServiceMetadataProvider().serviceMetadata("sqs"));

        ServiceMetadata sqs = ServiceMetadata.of("sqs");

        assertInstanceOf(DefaultServiceMetadata.class, sqs);
        assertEquals(URI.create("sqs.us-east-1.amazonaws.com"), sqs.endpointFor(Region.US_EAST_1));
        assertEquals(Region.US_EAST_1, sqs.signingRegion(Region.US_EAST_1));
    }
}
