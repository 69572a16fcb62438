package io.flashorders.order.sale;

import io.flashorders.cdi.web.ApiError;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Lets an {@link AdminOnly} request through only with {@code Authorization: Bearer <sales.admin.token>}: 401 without
 * a bearer token, 403 with a wrong one, and 403 for every request while no token is configured (admin disabled). A
 * local stand-in for MicroProfile JWT with an admin group; in AWS the admin paths are not routed from the public.
 */
@Provider
@AdminOnly
@Priority(Priorities.AUTHENTICATION)
public class AdminFilter implements ContainerRequestFilter {

    private static final String BEARER = "Bearer ";

    @Inject
    SaleSettings settings;

    @Override
    public void filter(ContainerRequestContext request) {
        Optional<String> expected = settings.adminToken();
        if (expected.isEmpty()) {
            request.abortWith(new ApiError("admin_disabled", "sales.admin.token is not set: admin operations are off")
                    .toResponse(Response.Status.FORBIDDEN.getStatusCode()));
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.startsWith(BEARER)) {
            request.abortWith(Response.fromResponse(new ApiError("unauthorized", "an admin bearer token is required")
                    .toResponse(Response.Status.UNAUTHORIZED.getStatusCode()))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build());
            return;
        }
        byte[] given = header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, expected.get().getBytes(StandardCharsets.UTF_8))) {
            request.abortWith(new ApiError("forbidden", "this token may not administer sales")
                    .toResponse(Response.Status.FORBIDDEN.getStatusCode()));
        }
    }
}
