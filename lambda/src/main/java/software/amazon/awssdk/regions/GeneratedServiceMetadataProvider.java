package software.amazon.awssdk.regions;

import software.amazon.awssdk.regions.servicemetadata.DynamodbServiceMetadata;

/**
 * The Lambda's stand-in for the SDK's generated table of every service's endpoint metadata: DynamoDB's only, the one
 * service the handler calls. The SDK's own class of this name builds all 313 services' metadata objects the first time
 * any client is built (for the legacy endpoint and the signing region it resolves whether or not they are used): about
 * 0.7 MB of the deployable jar, and 312 classes loaded during the init. The shade plugin leaves the SDK's copy out
 * of {@code target/lambda.jar} (lambda/pom.xml), so the SDK's {@code MetadataLoader} builds this one.
 *
 * <p>Any other service gets no metadata here, and {@link ServiceMetadata#of(String)} then answers with the SDK's
 * {@link DefaultServiceMetadata} (the service's standard endpoint pattern), as it does for a service newer than the
 * SDK. The metadata returned for DynamoDB is the SDK's own generated {@link DynamodbServiceMetadata}, so signing
 * regions and endpoints stay exactly the SDK's. Written against SDK 2.41 (the root pom's {@code aws-sdk.version}):
 * {@code ServiceMetadataProvider} has had this one method since SDK 2.0; the smoke test, which runs the shrunk jar's
 * client, and {@code GeneratedServiceMetadataProviderTest} fail if the SDK stops building it.
 */
public final class GeneratedServiceMetadataProvider implements ServiceMetadataProvider {

    private static final String DYNAMODB = "dynamodb";
    private static final ServiceMetadata DYNAMODB_METADATA = new DynamodbServiceMetadata();

    /** @return DynamoDB's metadata for its endpoint prefix {@code dynamodb}, else null (no metadata known) */
    @Override
    public ServiceMetadata serviceMetadata(String endpointPrefix) {
        return DYNAMODB.equals(endpointPrefix) ? DYNAMODB_METADATA : null;
    }
}
