package io.flashorders.order.sale;

import io.flashorders.cdi.web.ApiError;
import io.flashorders.core.sale.limit.ClientAddress;
import io.flashorders.core.sale.limit.Endpoint;
import io.flashorders.core.sale.limit.Identity;
import io.flashorders.core.sale.limit.RateLimitPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Response;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The sale endpoints' rate limits ({@link RateLimitPolicy} with the live {@link SaleSettings}): 429 rate_limited with
 * Retry-After before anything is held, read for a decision or audited. A refusal is counted in sale.rate.limited, not
 * written to the sale's audit trail: it decides nothing about a unit, and writing one entry per refused request would
 * hand the trail, and the store's time, to whoever sends the most requests.
 */
@ApplicationScoped
public class SaleRateLimits {

    @Inject
    RateLimitPolicy policy;

    @Inject
    SaleSettings settings;

    @Inject
    SaleMetrics metrics;

    /** @return the 429 to answer, or empty when the request may go on */
    public Optional<Response> refuse(Endpoint endpoint, String saleId, HttpServletRequest request, OptionalLong customer) {
        List<String> forwarded = Collections.list(request.getHeaders(ClientAddress.FORWARDED_FOR));
        String address = ClientAddress.resolve(request.getRemoteAddr(), forwarded, settings.trustedHops());
        return policy.check(settings.rateLimits(), endpoint, saleId, address, customer).map(limited -> {
            metrics.rateLimited(limited);
            String who = limited.identity() == Identity.CUSTOMER
                    ? "this customer" : "this address";
            return Response.fromResponse(new ApiError("rate_limited", "too many " + endpoint.wireName()
                            + " requests from " + who + "; nothing was done, retry after the Retry-After seconds")
                            .toResponse(429))
                    .header("Retry-After", limited.retryAfterSeconds()).build();
        });
    }
}
