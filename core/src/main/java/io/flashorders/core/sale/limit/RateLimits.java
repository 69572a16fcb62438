package io.flashorders.core.sale.limit;

import java.util.Optional;

/**
 * The limits in force for one request (read live from the configuration): reserve and checkout per address and per
 * customer, availability per address only (it names no customer) and looser, since a customer refreshes it.
 */
public record RateLimits(boolean enabled, Rate reservePerIp, Rate reservePerCustomer, Rate checkoutPerIp,
                         Rate checkoutPerCustomer, Rate availabilityPerIp) {

    public Optional<Rate> rate(Endpoint endpoint, Identity identity) {
        return Optional.ofNullable(switch (endpoint) {
            case RESERVE -> identity == Identity.IP ? reservePerIp : reservePerCustomer;
            case CHECKOUT -> identity == Identity.IP ? checkoutPerIp : checkoutPerCustomer;
            case AVAILABILITY -> identity == Identity.IP ? availabilityPerIp : null;
        });
    }
}
