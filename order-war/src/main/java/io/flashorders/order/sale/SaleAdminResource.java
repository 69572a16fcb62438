package io.flashorders.order.sale;

import io.flashorders.core.json.OrderJson;
import io.flashorders.core.sale.AuditEvent;
import io.flashorders.core.sale.AuditReplay;
import io.flashorders.core.sale.Inventory;
import io.flashorders.core.sale.Sale;
import io.flashorders.core.sale.SaleRules;
import io.flashorders.core.sale.SaleSnapshot;
import io.flashorders.core.sale.StockCounts;
import io.flashorders.cdi.web.ApiError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The admin side of sales, behind {@link AdminOnly} (bearer sales.admin.token): open a sale, close it early, read its
 * audit trail, and check that the trail replays to the live counts.
 */
@Path("/admin/sales")
@AdminOnly
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "No bearer token",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
@APIResponse(responseCode = "403", description = "A wrong token, or admin disabled (sales.admin.token unset)",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
@SecurityScheme(securitySchemeName = "admin-bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "sales.admin.token")
@SecurityRequirement(name = "admin-bearer")
public class SaleAdminResource {

    private static final Clock CLOCK = Clock.systemUTC();
    static final int MAX_AUDIT_PAGE = 10_000;

    /** One page of a sale's audit trail; {@code next} is the id to read on from, null at the end. */
    public record AuditPage(String saleId, List<AuditEvent> events, String next) {
    }

    /** The replay check: the counts rebuilt from the whole trail against the live ones. */
    public record ReplayCheck(String saleId, StockCounts live, StockCounts replayed, long entries, boolean consistent) {
    }

    @Inject
    Inventory inventory;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "openSale", summary = "Open a sale", description = "Body: product_id, stock, price, currency, ends_at; optional sale_id "
            + "(generated), starts_at (now), hold_seconds (120), per_customer_limit (1).")
    @APIResponse(responseCode = "201", description = "Opened; Location is its availability",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AvailabilityView.class)))
    @APIResponse(responseCode = "400", description = "invalid_sale or malformed_json, naming every field at fault",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "sale_exists: a sale with this sale_id was opened before",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response open(JsonBody body, @Context UriInfo uri) {
        Instant now = CLOCK.instant();
        Sale sale = SaleRules.parseSale(body.bytes(), now);
        if (!inventory.open(sale, now)) {
            return new ApiError("sale_exists", "a sale " + sale.saleId() + " exists already").toResponse(409);
        }
        SaleSnapshot opened = inventory.snapshot(sale.saleId()).orElseThrow();
        return Response.created(uri.getBaseUriBuilder().path("sales").path(sale.saleId()).build())
                .entity(OrderJson.write(AvailabilityView.of(opened, now, false, now))).build();
    }

    @POST
    @Path("{saleId}/close")
    @Operation(operationId = "closeSale", summary = "Close a sale early", description = "No more reservations; holds may still be checked out.")
    @APIResponse(responseCode = "200", description = "Closed (or closed already)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AvailabilityView.class)))
    @APIResponse(responseCode = "404", description = "sale_not_found",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response close(@PathParam("saleId") String saleId) {
        Instant now = CLOCK.instant();
        if (!SaleRules.isId(saleId) || !inventory.close(saleId, now)) {
            return SaleReplies.saleNotFound(saleId);
        }
        return Response.ok(OrderJson.write(AvailabilityView.of(inventory.snapshot(saleId).orElseThrow(), now, false, now)))
                .build();
    }

    @GET
    @Path("{saleId}/audit")
    @Operation(operationId = "getSaleAudit", summary = "A sale's audit trail", description = "Every decision in order, with time, customer, reservation and "
            + "reason; read on from ?after=<next> in pages of ?limit= (1000, at most 10000).")
    @APIResponse(responseCode = "200", description = "One page",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AuditPage.class)))
    @APIResponse(responseCode = "400", description = "invalid_query: limit outside 1..10000 or a malformed after",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "sale_not_found",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response audit(@PathParam("saleId") String saleId, @QueryParam("after") String after,
                          @QueryParam("limit") @DefaultValue("1000") String limitParam) {
        Integer limit = parseLimit(limitParam);
        if (limit == null || (after != null && !after.matches("\\d{1,20}-\\d{1,20}"))) {
            return new ApiError("invalid_query", "limit must be 1 to " + MAX_AUDIT_PAGE
                    + " and after an entry id such as 1764756000000-0").toResponse(400);
        }
        if (!SaleRules.isId(saleId) || inventory.snapshot(saleId).isEmpty()) {
            return SaleReplies.saleNotFound(saleId);
        }
        List<AuditEvent> events = inventory.audit(saleId, after, limit);
        String next = events.size() == limit ? events.get(events.size() - 1).id() : null;
        return Response.ok(OrderJson.write(new AuditPage(saleId, events, next))).build();
    }

    @GET
    @Path("{saleId}/audit/replay")
    @Operation(operationId = "checkSaleAudit", summary = "Check the audit trail", description = "Rebuilds the counts from the whole trail and compares them "
            + "with the live ones; consistent=false means a decision went unrecorded.")
    @APIResponse(responseCode = "200", description = "The check",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReplayCheck.class)))
    @APIResponse(responseCode = "404", description = "sale_not_found",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response replay(@PathParam("saleId") String saleId) {
        Optional<SaleSnapshot> before = SaleRules.isId(saleId) ? inventory.snapshot(saleId) : Optional.empty();
        if (before.isEmpty()) {
            return SaleReplies.saleNotFound(saleId);
        }
        List<AuditEvent> trail = new ArrayList<>();
        String after = null;
        List<AuditEvent> page;
        do {
            page = inventory.audit(saleId, after, MAX_AUDIT_PAGE);
            trail.addAll(page);
            after = page.isEmpty() ? after : page.get(page.size() - 1).id();
        } while (page.size() == MAX_AUDIT_PAGE);
        // Decisions may land while the trail is read: compare with the counts read after the last page.
        StockCounts live = inventory.snapshot(saleId).orElseThrow().counts();
        StockCounts replayed = AuditReplay.replay(trail);
        return Response.ok(OrderJson.write(new ReplayCheck(saleId, live, replayed, trail.size(), live.equals(replayed))))
                .build();
    }

    private static Integer parseLimit(String value) {
        try {
            int limit = Integer.parseInt(value);
            return limit >= 1 && limit <= MAX_AUDIT_PAGE ? limit : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
