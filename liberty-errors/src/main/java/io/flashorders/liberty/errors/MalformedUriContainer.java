package io.flashorders.liberty.errors;

import com.ibm.wsspi.http.HttpContainer;
import com.ibm.wsspi.http.HttpInboundConnection;
import com.ibm.wsspi.http.HttpResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Answers a request whose URI cannot be percent-decoded with the API's JSON error (400 {@code bad_request}), and
 * declines every other request.
 *
 * <p>Liberty's HTTP dispatcher offers each request to its containers in the order they registered and runs the first
 * handler it gets back. This container registers when its feature starts, before the web container registers the
 * first application, so it sees every request first; by returning {@code null} for all but malformed URIs it leaves
 * them to the web container unchanged. The web container itself would refuse a malformed URI before any application,
 * error page or servlet filter could answer it (HTML, or {@code {"error_message": ...}}).
 */
final class MalformedUriContainer implements HttpContainer {

    /** The API's error form ({@code cdi/web/ApiError}): a stable code and a sentence for people. */
    static final byte[] BODY = ("{\"error\":\"bad_request\",\"message\":"
            + "\"the request URI is not valid: each % must start a two-digit hex escape\"}")
            .getBytes(StandardCharsets.UTF_8);

    @Override
    public Runnable createRunnableHandler(HttpInboundConnection connection) {
        if (PercentEncoding.isWellFormed(connection.getRequest().getURI())) {
            return null;
        }
        return () -> answer(connection);
    }

    private static void answer(HttpInboundConnection connection) {
        HttpResponse response = connection.getResponse();
        response.setStatus(400);
        response.setReason("Bad Request");
        response.setHeader("Content-Type", "application/json");
        response.setContentLength(BODY.length);
        try {
            response.getBody().write(BODY);
            response.getBody().close();
            connection.finish(null);
        } catch (IOException e) {
            connection.finish(e);
        }
    }
}
