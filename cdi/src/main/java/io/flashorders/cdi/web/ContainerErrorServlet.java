package io.flashorders.cdi.web;

import io.flashorders.core.json.OrderJson;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The errors the web container answers itself, in the API's JSON form instead of Liberty's HTML page: each WAR's
 * web.xml names this servlet as its error page, so a request URI the container cannot decode, a path nothing serves
 * and an exception nothing mapped all end here. Requested directly, it answers 404 like any unknown path.
 */
public class ContainerErrorServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code
                : HttpServletResponse.SC_NOT_FOUND;
        if (!response.isCommitted()) {
            response.resetBuffer();
        }
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(OrderJson.write(ApiError.of(status)));
    }
}
