package io.flashorders.order;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.servers.Server;

/**
 * The order API. Its /openapi document is written for client generators (Redocly's recommended rules, checked by
 * liberty-config's OpenApiLintIT): every operation has an id that reads as a method name, and the server is the one
 * that serves the document. META-INF/openapi.yaml adds what annotations cannot state: that no security is required.
 */
@ApplicationPath("/")
@OpenAPIDefinition(
        info = @Info(title = "Flash-sale order API", version = "1",
                description = "Submit orders synchronously (payment inline) or asynchronously (queued, paid by the processor).",
                license = @License(name = "Proprietary", identifier = "LicenseRef-Proprietary")),
        servers = @Server(url = "/", description = "The server that serves this document"))
public class OrderApplication extends Application {
}
