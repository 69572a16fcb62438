package io.flashorders.order.api;

import io.flashorders.core.json.InvalidOrderException;
import io.flashorders.core.json.OrderJson;
import io.flashorders.core.json.Problem;
import io.flashorders.core.money.OrderLimits;
import io.flashorders.core.order.NewOrder;
import io.flashorders.order.OrderSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.List;

/**
 * Turns a request body into a validated {@link NewOrder}: refuses bodies over the size limit (413)
 * before reading them whole, decodes a body from the charset its Content-Type declares (415 for a charset Java does not
 * know; without one, JSON's own UTF-8), then leaves parsing and validation against the deployment's limits to the core.
 */
@Provider
@ApplicationScoped
@Consumes(MediaType.APPLICATION_JSON)
public class OrderSubmissionReader implements MessageBodyReader<NewOrder> {

    /** What both order endpoints' OpenAPI says about the submissions this reader refuses. */
    static final String INVALID_400 = "Malformed JSON, an invalid order (another currency than orders.currency, a price "
            + "finer than the currency or over orders.max-unit-price, a quantity over orders.max-quantity, a line or order "
            + "total over orders.max-line-total or orders.max-order-total, a product id not printable) or Idempotency-Key";
    static final String UNSUPPORTED_415 = "Content-Type is not application/json, or declares a charset Java does not know";

    @Inject
    OrderSettings config;

    @Inject
    OrderLimits limits;

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == NewOrder.class;
    }

    @Override
    public NewOrder readFrom(Class<NewOrder> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                             MultivaluedMap<String, String> headers, InputStream body) throws IOException {
        byte[] bytes = BoundedBody.read(headers, body, config.maxBodyBytes());
        String charset = mediaType.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (charset == null) {
            return OrderJson.parseSubmission(bytes, limits);
        }
        return OrderJson.parseSubmission(decode(bytes, charset), limits);
    }

    private static String decode(byte[] bytes, String declared) {
        Charset charset;
        try {
            charset = Charset.forName(declared.trim());
        } catch (IllegalArgumentException unknown) {
            // IllegalCharsetNameException and UnsupportedCharsetException both are
            throw new WebApplicationException("charset " + declared + " is not supported; send UTF-8",
                    Response.Status.UNSUPPORTED_MEDIA_TYPE);
        }
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidOrderException(InvalidOrderException.MALFORMED_JSON,
                    List.of(new Problem("$", "is not valid " + charset.name() + ", the charset declared")));
        }
    }
}
