package io.flashorders.order.admission;

import io.flashorders.cdi.web.ApiError;
import io.flashorders.core.dashboard.RequestTally;
import io.flashorders.core.json.OrderJson;
import io.flashorders.order.OrderSettings;
import io.flashorders.order.api.OrderCounters;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Admission control (ADR 0009, ADR 0011): each {@link Bounded} endpoint runs at most {@code
 * orders.admission.max-in-flight} requests (32 by default; {@code /orders/async} {@code
 * orders.admission.async.max-in-flight}, also 32; both read at start); one more is answered 503 {@code overloaded} with {@code Retry-After: 1} at
 * once, before its body is read or JAX-RS sees it, so that a refusal costs a small fraction of an accepted order and a
 * crowd twice the server's capacity leaves the admitted requests their CPU. Nothing of a refused request is recorded,
 * queued or charged. {@code admission.in.flight{endpoint}} shows each bound's use; a refused order counts in
 * {@code orders.rejected{reason="overloaded"}} and every refusal in the war room's tally.
 */
@WebFilter(urlPatterns = {"/orders/*", "/sales/*"}, asyncSupported = true)
public class AdmissionFilter extends HttpFilter {

    static final String CODE = "overloaded";
    /** A full bound empties within a request's time (tens of milliseconds): the shortest Retry-After HTTP can say. */
    static final String RETRY_AFTER_SECONDS = "1";
    private static final byte[] REFUSAL = OrderJson.write(new ApiError(CODE, "the server is running as many requests "
            + "as it takes at once; nothing was recorded, retry after Retry-After")).getBytes(StandardCharsets.UTF_8);

    @Inject
    OrderSettings settings;

    @Inject
    OrderCounters counters;

    @Inject
    RequestTally tally;

    @Inject
    MetricRegistry metrics;

    private final Map<Bounded, Semaphore> bounds = new EnumMap<>(Bounded.class);

    @Override
    public void init() {
        for (Bounded endpoint : Bounded.values()) {
            int size = settings.admissionMaxInFlight(endpoint);
            Semaphore bound = new Semaphore(size);
            bounds.put(endpoint, bound);
            metrics.gauge("admission.in.flight", bound, b -> size - b.availablePermits(), new Tag("endpoint", endpoint.tag()));
        }
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long started = System.nanoTime();
        Optional<Bounded.Match> match = Bounded.match(request.getRequestURI().substring(request.getContextPath().length()));
        if (match.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        Semaphore bound = bounds.get(match.get().endpoint());
        if (!bound.tryAcquire()) {
            refuse(request, response, match.get().template(), started);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            bound.release();
        }
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String template, long started) throws IOException {
        if ("POST".equals(request.getMethod())) {
            counters.rejected(CODE);
        }
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        response.setContentLength(REFUSAL.length);
        response.getOutputStream().write(REFUSAL);
        tally.record(request.getMethod(), template, HttpServletResponse.SC_SERVICE_UNAVAILABLE, CODE, System.nanoTime() - started);
    }
}
