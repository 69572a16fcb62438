package io.flashorders.order.api;

import io.flashorders.core.json.OrderJson;
import io.flashorders.core.order.NewOrder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Turns a request body into a validated {@link NewOrder}: refuses bodies over the size limit (413)
 * before reading them whole, then leaves parsing and validation to the core.
 */
@Provider
@ApplicationScoped
@Consumes(MediaType.APPLICATION_JSON)
public class OrderSubmissionReader implements MessageBodyReader<NewOrder> {

    @Inject
    @ConfigProperty(name = "orders.max-body-bytes", defaultValue = "16384")
    int maxBodyBytes;

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == NewOrder.class;
    }

    @Override
    public NewOrder readFrom(Class<NewOrder> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                             MultivaluedMap<String, String> headers, InputStream body) throws IOException {
        return OrderJson.parseSubmission(BoundedBody.read(headers, body, maxBodyBytes));
    }
}
