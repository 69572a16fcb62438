package io.flashorders.order.dashboard;

import io.flashorders.cdi.web.ApiError;
import io.flashorders.core.dashboard.DashboardAccess;
import io.flashorders.order.sale.SaleSettings;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;

/**
 * Lets a {@link DashboardGuarded} request through as {@link DashboardAccess} decides: everyone while dashboard.access
 * is open; in admin mode only with the sale admin's bearer token or the session cookie it was exchanged for (401
 * without either, 403 with a wrong one, 403 {@code admin_disabled} while no token is configured).
 */
@Provider
@DashboardGuarded
@Priority(Priorities.AUTHENTICATION)
public class DashboardFilter implements ContainerRequestFilter {

    static final String COOKIE = "warroom_session";
    private static final String BEARER = "Bearer ";

    @Inject
    DashboardSettings settings;

    @Inject
    SaleSettings sales;

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        Optional<String> bearer = header != null && header.startsWith(BEARER) ? Optional.of(header.substring(BEARER.length())) : Optional.empty();
        Cookie cookie = request.getCookies().get(COOKIE);
        Optional<String> session = Optional.ofNullable(cookie).map(Cookie::getValue);
        switch (DashboardAccess.check(settings.access(), sales.adminToken(), bearer, session)) {
            case ALLOWED -> {
            }
            case DISABLED -> request.abortWith(new ApiError("admin_disabled",
                    "sales.admin.token is not set: the war room, like admin operations, is off").toResponse(403));
            case UNAUTHENTICATED -> request.abortWith(Response.fromResponse(new ApiError("unauthorized",
                    "the war room needs the admin bearer token or its session cookie").toResponse(401))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build());
            case FORBIDDEN -> request.abortWith(new ApiError("forbidden", "this token may not watch the war room").toResponse(403));
        }
    }
}
