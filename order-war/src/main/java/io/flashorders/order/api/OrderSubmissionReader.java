package io.flashorders.order.api;

import io.flashorders.core.json.OrderJson;
import io.flashorders.core.order.NewOrder;
import io.flashorders.order.OrderSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Turns a request body into a validated {@link NewOrder}: refuses bodies over the size limit (413)
 * before reading them whole, then leaves parsing and validation to the core.
 */
@Provider
@ApplicationScoped
@Consumes(MediaType.APPLICATION_JSON)
public class OrderSubmissionReader implements MessageBodyReader<NewOrder> {

    @Inject
    OrderSettings config;

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == NewOrder.class;
    }

    @Override
    public NewOrder readFrom(Class<NewOrder> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                             MultivaluedMap<String, String> headers, InputStream body) throws IOException {
        int maxBodyBytes = config.maxBodyBytes();
        if (declaredLength(headers) > maxBodyBytes) {
            throw tooLarge();
        }
        byte[] bytes = body.readNBytes(maxBodyBytes + 1);
        if (bytes.length > maxBodyBytes) {
            throw tooLarge();
        }
        return OrderJson.parseSubmission(bytes);
    }

    /** The Content-Length the client declared, or -1; the body read below is bounded either way. */
    private static long declaredLength(MultivaluedMap<String, String> headers) {
        try {
            String value = headers.getFirst(HttpHeaders.CONTENT_LENGTH);
            return value == null ? -1 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private WebApplicationException tooLarge() {
        return new WebApplicationException("request body is larger than " + config.maxBodyBytes() + " bytes",
                Response.Status.REQUEST_ENTITY_TOO_LARGE);
    }
}
