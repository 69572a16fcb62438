package io.flashorders.it.support;

import io.flashorders.core.payment.Charge;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * How many payments ran at once, read from the provider's ledger rather than from a rate: every charge takes at least
 * the provider's latency, so charges completed within less than one latency of each other were all running at the
 * moment the first of them completed. A slow machine only spreads completions out, so the figure never overstates.
 */
public final class PaymentsAtOnce {

    private PaymentsAtOnce() {
    }

    /** The most charges of these orders completed within less than {@code latency} of each other. */
    public static int of(Collection<Charge> ledger, Set<String> orderIds, Duration latency) {
        List<Instant> completed = ledger.stream().filter(charge -> orderIds.contains(charge.orderId()))
                .map(Charge::createdAt).sorted().toList();
        int most = 0;
        int first = 0;
        for (int last = 0; last < completed.size(); last++) {
            while (Duration.between(completed.get(first), completed.get(last)).compareTo(latency) >= 0) {
                first++;
            }
            most = Math.max(most, last - first + 1);
        }
        return most;
    }
}
