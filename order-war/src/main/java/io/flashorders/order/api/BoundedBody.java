package io.flashorders.order.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;

/** A request body read whole only up to a size limit: larger ones are refused (413) before they are read whole. */
public final class BoundedBody {

    private BoundedBody() {
    }

    public static byte[] read(MultivaluedMap<String, String> headers, InputStream body, int maxBytes) throws IOException {
        if (declaredLength(headers) > maxBytes) {
            throw tooLarge(maxBytes);
        }
        byte[] bytes = body.readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        return bytes;
    }

    /** The Content-Length the client declared, or -1; the body read above is bounded either way. */
    private static long declaredLength(MultivaluedMap<String, String> headers) {
        try {
            String value = headers.getFirst(HttpHeaders.CONTENT_LENGTH);
            return value == null ? -1 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static WebApplicationException tooLarge(int maxBytes) {
        return new WebApplicationException("request body is larger than " + maxBytes + " bytes",
                Response.Status.REQUEST_ENTITY_TOO_LARGE);
    }
}
