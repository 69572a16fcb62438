package io.flashorders.order.sale;

import io.flashorders.core.sale.Inventory;
import io.flashorders.core.sale.InventoryUnavailableException;
import io.flashorders.core.sale.SaleRules;
import io.flashorders.core.sale.SaleSnapshot;
import io.flashorders.core.sale.limit.Endpoint;
import io.flashorders.cdi.web.ApiError;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code GET /sales/{saleId}}: the sale's availability, cacheable for about a second so a CDN can take the reads. */
@Path("/sales/{saleId}")
@ApplicationScoped
public class AvailabilityResource {

    private static final Clock CLOCK = Clock.systemUTC();

    @Inject
    Inventory inventory;

    @Inject
    LastKnownSales known;

    @Inject
    SaleMetrics metrics;

    @Inject
    SaleSettings settings;

    @Inject
    SaleRateLimits limits;

    @Inject
    AvailabilityAnswers answers;

    /** {@code max-age} from sales.availability.max-age.s, which is read at start. */
    private CacheControl cacheControl;

    @PostConstruct
    void init() {
        CacheControl cache = new CacheControl();
        cache.setNoTransform(false);
        cache.setMaxAge(settings.availabilityMaxAgeSeconds());
        cacheControl = cache;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getSaleAvailability", summary = "A sale's availability", description = "Total, available, reserved (held) and sold units and the "
            + "sale's state (upcoming, open, sold_out, ended). Cache-Control max-age sales.availability.max-age.s, with "
            + "an ETag (If-None-Match answers 304). While the inventory store is unreachable: the figures last read, "
            + "with stale=true, or 503.")
    @APIResponse(responseCode = "200", description = "The sale",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AvailabilityView.class)))
    @APIResponse(responseCode = "304", description = "Unchanged since the ETag given in If-None-Match")
    @APIResponse(responseCode = "404", description = "No sale has this id",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "429", description = "rate_limited (this address), with Retry-After",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = "The inventory store is unreachable and nothing was read before",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response availability(@PathParam("saleId") String saleId, @Context Request request,
                                 @Context HttpServletRequest http) {
        if (!SaleRules.isId(saleId)) {
            return SaleReplies.saleNotFound(saleId);
        }
        Optional<Response> limited = limits.refuse(Endpoint.AVAILABILITY, saleId, http, OptionalLong.empty());
        if (limited.isPresent()) {
            return limited.get();
        }
        Instant now = CLOCK.instant();
        Optional<LastKnownSales.Known> fresh = known.fresh(saleId, now, settings.availabilityCache());
        AvailabilityAnswers.Answer answer = fresh.isPresent() ? answers.fresh(fresh.get(), now) : read(saleId, now);
        if (answer == null) {
            return SaleReplies.saleNotFound(saleId);
        }
        EntityTag tag = new EntityTag(answer.tag());
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(tag);
        if (unchanged != null) {
            return unchanged.cacheControl(cacheControl).build();
        }
        return Response.ok(answer.json()).tag(tag).cacheControl(cacheControl).build();
    }

    /** The sale read from the store now, or its last figures marked stale while the store is unreachable; null: no sale. */
    private AvailabilityAnswers.Answer read(String saleId, Instant now) {
        try {
            Optional<SaleSnapshot> read = inventory.snapshot(saleId);
            if (read.isEmpty()) {
                return null;
            }
            LastKnownSales.Known kept = known.update(read.get(), now);
            metrics.watch(saleId);
            return answers.fresh(kept, now);
        } catch (InventoryUnavailableException e) {
            return answers.stale(known.get(saleId).orElseThrow(() -> e), now);
        }
    }
}
