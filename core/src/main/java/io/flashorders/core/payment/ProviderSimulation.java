package io.flashorders.core.payment;

import java.time.Duration;
import java.util.Objects;

/**
 * How the simulated provider behaves: each charge takes {@code latency} give or take up to {@code jitter} (uniformly,
 * never below zero, so the mean stays {@code latency}), and fails with probability {@code failureRate} without charging.
 */
public record ProviderSimulation(Duration latency, Duration jitter, double failureRate) {

    public ProviderSimulation {
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(jitter, "jitter");
        if (latency.isNegative() || jitter.isNegative()) {
            throw new IllegalArgumentException("payment latency and jitter must not be negative, were " + latency + " and " + jitter);
        }
        if (!(failureRate >= 0 && failureRate <= 1)) {
            throw new IllegalArgumentException("payment failure rate must be between 0 and 1, was " + failureRate);
        }
    }

    /** A provider that always charges, in exactly {@code latency}. */
    public static ProviderSimulation steady(Duration latency) {
        return new ProviderSimulation(latency, Duration.ZERO, 0);
    }

    /** The time one charge takes, for a uniform random {@code u} in [0, 1). */
    Duration latencyFor(double u) {
        long nanos = latency.toNanos() + Math.round((2 * u - 1) * jitter.toNanos());
        return Duration.ofNanos(Math.max(0, nanos));
    }

    /** Whether a charge fails, for a uniform random {@code u} in [0, 1). */
    boolean failsFor(double u) {
        return u < failureRate;
    }
}
