package io.flashorders.core.dashboard;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every answered request, by endpoint (method and path template, {@code POST /sales/{id}/reservations}) and by
 * {@link Outcome}, with its response time: running totals, which a reader turns into rates and windowed percentiles by
 * comparing two {@link #sample()}s. At most {@value #MAX_ENDPOINTS} endpoints are kept apart; more share one row, so
 * the tally stays small whatever paths clients send.
 */
public final class RequestTally {

    static final int MAX_ENDPOINTS = 64;
    public static final String OTHER = "(other)";

    /** What the request got: accepted (any 1xx-3xx), or the refusal's kind. */
    public enum Outcome {
        ACCEPTED("accepted"), TOO_MANY("429"), UNAVAILABLE("503"), SOLD_OUT("sold_out"), CLIENT_ERROR("4xx"), SERVER_ERROR("5xx");

        private final String wireName;

        Outcome(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        /** @param errorCode the API error's code ({@code sold_out}, ...), or null when the answer carries none */
        public static Outcome of(int status, String errorCode) {
            if (status < 400) {
                return ACCEPTED;
            }
            if (status == 429) {
                return TOO_MANY;
            }
            if (status == 503) {
                return UNAVAILABLE;
            }
            if ("sold_out".equals(errorCode)) {
                return SOLD_OUT;
            }
            return status < 500 ? CLIENT_ERROR : SERVER_ERROR;
        }
    }

    /** One endpoint's totals so far: counts indexed by {@link Outcome#ordinal()}, and its latency histogram's snapshot. */
    public record Sample(long[] counts, long[] latency) {

        public long count(Outcome outcome) {
            return counts[outcome.ordinal()];
        }
    }

    private record Endpoint(LongAdder[] counts, LatencyHistogram latency) {

        Endpoint() {
            this(new LongAdder[Outcome.values().length], new LatencyHistogram());
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new LongAdder();
            }
        }
    }

    private final ConcurrentMap<String, Endpoint> endpoints = new ConcurrentHashMap<>();

    public void record(String method, String pathTemplate, int status, String errorCode, long nanos) {
        String name = method.toUpperCase(Locale.ROOT) + " " + pathTemplate;
        Endpoint endpoint = endpoints.get(name);
        if (endpoint == null) {
            endpoint = endpoints.size() < MAX_ENDPOINTS ? endpoints.computeIfAbsent(name, n -> new Endpoint())
                    : endpoints.computeIfAbsent(OTHER, n -> new Endpoint());
        }
        endpoint.counts[Outcome.of(status, errorCode).ordinal()].increment();
        endpoint.latency.record(nanos);
    }

    /** Every endpoint's totals so far, by name. */
    public Map<String, Sample> sample() {
        Map<String, Sample> samples = new TreeMap<>();
        endpoints.forEach((name, endpoint) -> {
            long[] counts = new long[endpoint.counts.length];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = endpoint.counts[i].sum();
            }
            samples.put(name, new Sample(counts, endpoint.latency.snapshot()));
        });
        return samples;
    }
}
