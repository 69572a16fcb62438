package io.flashorders.core.payment;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the simulated provider behaves: each charge takes {@code latency} give or take up to {@code jitter} (uniformly,
 * never below zero, so the mean stays {@code latency}), fails with probability {@code failureRate} without charging
 * (worth a retry), and is declined for good with probability {@code declineRate}.
 */
public record ProviderSimulation(Duration latency, Duration jitter, double failureRate, double declineRate) {

    public ProviderSimulation {
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(jitter, "jitter");
        if (latency.isNegative() || jitter.isNegative()) {
            throw new IllegalArgumentException("payment latency and jitter must not be negative, were " + latency + " and " + jitter);
        }
        if (!(failureRate >= 0 && failureRate <= 1) || !(declineRate >= 0 && declineRate <= 1)) {
            throw new IllegalArgumentException("payment failure and decline rates must be between 0 and 1, were "
                    + failureRate + " and " + declineRate);
        }
    }

    /** Never declines. */
    public ProviderSimulation(Duration latency, Duration jitter, double failureRate) {
        this(latency, jitter, failureRate, 0);
    }

    public static final String LATENCY_ENV = "PAYMENT_LATENCY_MS";
    public static final String JITTER_ENV = "PAYMENT_LATENCY_JITTER_MS";
    public static final String FAILURE_RATE_ENV = "PAYMENT_FAILURE_RATE";
    public static final String DECLINE_RATE_ENV = "PAYMENT_DECLINE_RATE";
    public static final Duration DEFAULT_LATENCY = Duration.ofSeconds(3);

    /**
     * From {@code PAYMENT_LATENCY_MS} (default 3000), {@code PAYMENT_LATENCY_JITTER_MS} (0) and
     * {@code PAYMENT_FAILURE_RATE} (0) and {@code PAYMENT_DECLINE_RATE} (0): the variables every simulated provider
     * reads, in local-services and the Lambda.
     *
     * @throws IllegalArgumentException naming the variable, for a value that is not whole milliseconds, 0 or more, or
     *                                  a rate from 0 to 1
     */
    public static ProviderSimulation fromEnvironment(Map<String, String> environment) {
        Duration latency = latencyFromEnvironment(environment);
        Duration jitter = millis(environment, JITTER_ENV, Duration.ZERO);
        return new ProviderSimulation(latency, jitter, rate(environment, FAILURE_RATE_ENV), rate(environment, DECLINE_RATE_ENV));
    }

    private static double rate(Map<String, String> environment, String name) {
        String value = environment.get(name);
        double rate;
        try {
            rate = value == null || value.isBlank() ? 0 : Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number from 0 to 1, was '" + value + "'", e);
        }
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(name + " must be a number from 0 to 1, was " + value);
        }
        return rate;
    }

    /** {@code PAYMENT_LATENCY_MS} alone (default 3000), for a simulation that has no other setting (the Lambda's). */
    public static Duration latencyFromEnvironment(Map<String, String> environment) {
        return millis(environment, LATENCY_ENV, DEFAULT_LATENCY);
    }

    private static Duration millis(Map<String, String> environment, String name, Duration fallback) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        long millis;
        try {
            millis = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number of milliseconds, was '" + value + "'", e);
        }
        if (millis < 0) {
            throw new IllegalArgumentException(name + " must not be negative, was " + millis);
        }
        return Duration.ofMillis(millis);
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

    /** Whether a charge is declined, for a uniform random {@code u} in [0, 1). */
    boolean declinesFor(double u) {
        return u < declineRate;
    }
}
