package io.flashorders.it.support;

import io.flashorders.core.payment.Charge;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One fault scenario's outcome, counted from outside the processor: charges from the payment provider's ledger,
 * dead letters from the dead-letter queue. Lost orders are the accepted ones that were neither paid nor dead-lettered.
 */
public record FaultTally(String scenario, int sent, int paid, int duplicatesPaid, int deadLettered, int lost) {

    public static final String HEADER = String.format("%-56s %6s %6s %11s %14s %5s", "scenario", "sent", "paid",
            "duplicates", "dead-lettered", "lost");

    /**
     * @param orderIds     the orders the scenario sent
     * @param charges      every charge in the provider's ledger (others' are ignored)
     * @param deadLettered how many of the scenario's orders are on the dead-letter queue
     */
    public static FaultTally count(String scenario, Collection<String> orderIds, List<Charge> charges, int deadLettered) {
        Set<String> ours = Set.copyOf(orderIds);
        Set<String> paidOrders = new HashSet<>();
        int chargesForOurs = 0;
        for (Charge charge : charges) {
            if (ours.contains(charge.orderId())) {
                chargesForOurs++;
                paidOrders.add(charge.orderId());
            }
        }
        int paid = paidOrders.size();
        int sent = ours.size();
        return new FaultTally(scenario, sent, paid, chargesForOurs - paid, deadLettered, sent - paid - deadLettered);
    }

    /** The same, with messages that are not orders at all sent alongside, and how many of them were dead-lettered. */
    public FaultTally withPoison(int poisonSent, int poisonDeadLettered) {
        return new FaultTally(scenario, sent + poisonSent, paid, duplicatesPaid, deadLettered + poisonDeadLettered,
                lost + poisonSent - poisonDeadLettered);
    }

    public String line() {
        return String.format("%-56s %6d %6d %11d %14d %5d", scenario, sent, paid, duplicatesPaid, deadLettered, lost);
    }
}
