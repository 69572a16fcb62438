package io.flashorders.core.payment;

/**
 * What the simulated provider was asked and how it answered, since it started.
 *
 * @param requests   charge requests received
 * @param charged    requests that made a new charge
 * @param replayed   requests answered with an earlier charge under the same key
 * @param conflicts  requests refused because a charge under the same key was running
 * @param failed     requests failed on purpose (the configured failure rate)
 * @param declined   requests declined on purpose (the configured decline rate), replays of a decline not counted
 */
public record ProviderStats(long requests, long charged, long replayed, long conflicts, long failed, long declined) {
}
