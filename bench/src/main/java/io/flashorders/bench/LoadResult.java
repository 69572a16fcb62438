package io.flashorders.bench;

import java.util.List;

/**
 * What one load phase achieved: completed requests (answered 2xx), errors (any other status, or no answer), over how
 * long, and the latencies of the successful ones. An overload phase also counts its refusals (503) apart from its
 * errors, with their latencies, and keeps the order ids the 202s named, to be checked against the queue and the store.
 */
public record LoadResult(long ok, long errors, double seconds, Latencies latencies, double loadCpuSeconds, long refused,
        Latencies refusals, List<String> acceptedIds) {

    public LoadResult(long ok, long errors, double seconds, Latencies latencies, double loadCpuSeconds) {
        this(ok, errors, seconds, latencies, loadCpuSeconds, 0, new Latencies(new long[0]), List.of());
    }

    public double perSecond() {
        return ok / seconds;
    }
}
