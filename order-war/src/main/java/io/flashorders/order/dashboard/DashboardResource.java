package io.flashorders.order.dashboard;

import io.flashorders.cdi.web.ApiError;
import io.flashorders.core.dashboard.DashboardAccess;
import io.flashorders.order.sale.SaleSettings;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The war room (docs/dashboard.md): the page and its script, which hold no figures and are served to anyone; the
 * event stream, one per open page, which {@link DashboardFilter} guards; and the exchange of the admin token for the
 * stream's session cookie. An operator's page, not the customers' API: left out of /openapi.
 */
@Path("/dashboard")
public class DashboardResource {

    private static final String JAVASCRIPT = "text/javascript";

    @Inject
    WarRoom warRoom;

    @Inject
    DashboardSettings settings;

    @Inject
    SaleSettings sales;

    @GET
    @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
    @Operation(hidden = true)
    public Response page() {
        return file("index.html", MediaType.TEXT_HTML + ";charset=utf-8");
    }

    @GET
    @Path("warroom.js")
    @Produces(JAVASCRIPT + ";charset=utf-8")
    @Operation(hidden = true)
    public Response script() {
        return file("warroom.js", JAVASCRIPT + ";charset=utf-8");
    }

    @GET
    @Path("events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @DashboardGuarded
    @Operation(hidden = true)
    public void events(@Context SseEventSink page, @Context Sse sse) {
        warRoom.open(page, sse);
    }

    /**
     * Checks the admin bearer token and answers the session cookie the event stream accepts in its stead (an
     * EventSource cannot send headers): HttpOnly, SameSite=Strict, Secure when the page came over HTTPS.
     */
    @POST
    @Path("session")
    @DashboardGuarded
    @Operation(hidden = true)
    public Response session(@Context UriInfo uri, @Context HttpHeaders headers) {
        String token = sales.adminToken().orElse("");
        boolean secure = "https".equals(uri.getRequestUri().getScheme())
                || "https".equalsIgnoreCase(headers.getHeaderString("X-Forwarded-Proto"));
        NewCookie cookie = new NewCookie.Builder(DashboardFilter.COOKIE)
                .value(token.isEmpty() ? "open" : DashboardAccess.sessionCookie(token))
                .path("/dashboard").httpOnly(true).secure(secure).sameSite(NewCookie.SameSite.STRICT).build();
        return Response.noContent().cookie(cookie).header("Cache-Control", "no-store").build();
    }

    @GET
    @Path("access")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public String access() {
        return "{\"access\":\"" + settings.access().name().toLowerCase(java.util.Locale.ROOT) + "\"}";
    }

    private static Response file(String name, String type) {
        InputStream in = DashboardResource.class.getResourceAsStream("/dashboard/" + name);
        if (in == null) {
            return new ApiError("not_found", "the war room's " + name + " is missing from the WAR").toResponse(404);
        }
        try (in) {
            return Response.ok(in.readAllBytes(), type).header("Cache-Control", "no-cache").build();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name + " from the WAR", e);
        }
    }
}
