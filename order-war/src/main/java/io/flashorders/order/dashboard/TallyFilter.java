package io.flashorders.order.dashboard;

import io.flashorders.core.dashboard.RequestTally;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts every answer of the API in the {@link RequestTally}: its endpoint (method and path template), its outcome
 * (accepted, or the refusal's kind, taken from the status and the API error's code) and how long it took from the
 * first filter to the last. The war room's own paths are not counted. A request refused before it matched a resource
 * counts under {@link RequestTally#OTHER}. Its priority comes before authentication, so that the clock starts before
 * any other filter may refuse the request, and (response filters run in the reverse order) stops after the last.
 */
@Provider
@Priority(Priorities.AUTHENTICATION - 100)
public class TallyFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String STARTED = TallyFilter.class.getName() + ".started";
    private static final Pattern ERROR_CODE = Pattern.compile("^\\{\\s*\"error\"\\s*:\\s*\"([^\"]+)\"");

    @Inject
    RequestTally tally;

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object started = request.getProperty(STARTED);
        long took = started instanceof Long at ? System.nanoTime() - at : 0;
        String template = template();
        if (template.startsWith("/dashboard")) {
            return;
        }
        String code = null;
        if (response.getStatus() >= 400 && response.getEntity() instanceof String body) {
            Matcher matcher = ERROR_CODE.matcher(body);
            code = matcher.find() ? matcher.group(1) : null;
        }
        tally.record(request.getMethod(), template, response.getStatus(), code, took);
    }

    private String template() {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method == null) {
            return RequestTally.OTHER;
        }
        Path type = resource.getResourceClass().getAnnotation(Path.class);
        Path sub = method.getAnnotation(Path.class);
        String path = (type == null ? "" : "/" + type.value()) + (sub == null ? "" : "/" + sub.value());
        path = path.replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : (path.isEmpty() ? "/" : path);
    }
}
