package io.flashorders.order;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

@ApplicationPath("/")
@OpenAPIDefinition(info = @Info(title = "Flash-sale order API", version = "1",
        description = "Submit orders synchronously (payment inline) or asynchronously (queued, paid by the processor)."))
public class OrderApplication extends Application {
}
