package io.flashorders.bench;

/**
 * What one load phase achieved: completed requests (answered 2xx), errors (any other status, or no answer), over how
 * long, and the latencies of the successful ones.
 */
public record LoadResult(long ok, long errors, double seconds, Latencies latencies, double loadCpuSeconds) {

    public double perSecond() {
        return ok / seconds;
    }
}
