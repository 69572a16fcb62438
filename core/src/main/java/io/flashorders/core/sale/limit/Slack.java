package io.flashorders.core.sale.limit;

import java.time.Duration;

/**
 * How far one instance may act on its own copy of a shared bucket before it settles with the store: it takes up to
 * {@code tokens} from the copy, for up to {@code interval} after its last call to the store, then takes what it granted
 * from the store's bucket in one call and reads the bucket back. A refusal from the copy takes no token, so an emptied
 * bucket refuses without a call to the store until the interval is over.
 *
 * <p>What it costs: another instance's takes show in this instance's copy only at its next settlement, so on top of the
 * bucket the instances together may grant up to {@code tokens} each. The store's bucket counts every grant (it goes
 * below zero when they overshoot), so the overshoot is paid back out of the refills that follow. One instance alone
 * sees every take and grants exactly the bucket. {@link #EXACT}: every take is decided in the store.
 */
public record Slack(long tokens, Duration interval) {

    public static final Slack EXACT = new Slack(0, Duration.ZERO);

    public Slack {
        if (tokens < 0 || interval == null || interval.isNegative() || tokens > 0 && interval.isZero()) {
            throw new IllegalArgumentException("a slack needs tokens >= 0 and, with tokens, a positive interval: "
                    + tokens + " in " + interval);
        }
    }

    public boolean exact() {
        return tokens == 0;
    }
}
