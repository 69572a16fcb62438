package io.flashorders.cdi;

import java.time.Duration;

/**
 * How many payments an application may run at once, and how long a caller waits for a turn. Each WAR
 * produces its own: the sync endpoint from its configured permits, the processor from its worker count.
 *
 * @param owner who pays ({@code sync}, {@code processor}); tags the payment metrics, which both WARs
 *              register in the one server-wide registry when they run side by side
 */
public record PaymentCapacity(String owner, int permits, Duration maxWait) {
}
