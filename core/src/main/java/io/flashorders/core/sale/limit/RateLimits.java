package io.flashorders.core.sale.limit;

import java.util.Optional;

/**
 * The limits in force for one request (read live from the configuration): reserve and checkout per address and per
 * customer, availability per address only (it names no customer) and looser, since a customer refreshes it.
 *
 * <p>Reserve's and checkout's buckets are decided in the store on every request ({@link Slack#EXACT}): they decide who
 * may go on to take stock. Availability's may run {@code availabilitySlack} ahead of the store on each instance: a read
 * takes nothing, so a few reads too many from one address cost a figure, not a unit.
 */
public record RateLimits(boolean enabled, Rate reservePerIp, Rate reservePerCustomer, Rate checkoutPerIp,
                         Rate checkoutPerCustomer, Rate availabilityPerIp, Slack availabilitySlack) {

    public Optional<Rate> rate(Endpoint endpoint, Identity identity) {
        return Optional.ofNullable(switch (endpoint) {
            case RESERVE -> identity == Identity.IP ? reservePerIp : reservePerCustomer;
            case CHECKOUT -> identity == Identity.IP ? checkoutPerIp : checkoutPerCustomer;
            case AVAILABILITY -> identity == Identity.IP ? availabilityPerIp : null;
        });
    }

    public Slack slack(Endpoint endpoint) {
        return endpoint == Endpoint.AVAILABILITY ? availabilitySlack : Slack.EXACT;
    }
}
