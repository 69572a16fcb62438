package io.flashorders.cdi;

import java.time.Duration;

/**
 * How many payments an application may run at once, and how long a caller waits for a turn. Each WAR
 * produces its own: the sync endpoint from its configured permits, the processor from its worker count.
 */
public record PaymentCapacity(int permits, Duration maxWait) {
}
