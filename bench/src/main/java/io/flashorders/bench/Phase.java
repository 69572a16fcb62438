package io.flashorders.bench;

import java.util.Map;

/**
 * One measured phase: the load's result, and around it each process's CPU, the server's heap and the requests its SDK
 * clients sent.
 *
 * @param wallSeconds    how long the phase took, answers to the last requests included
 * @param cpu            CPU seconds during the phase: server, services, load, others
 * @param serverThreads  the server's CPU seconds by thread group
 * @param servicesThreads the local services' CPU seconds by thread group
 * @param awsRequests    aws_requests_total's increase by "app service operation"
 * @param orders         orders_accepted_total{endpoint="async"}'s increase
 */
public record Phase(String name, String offered, LoadResult result, double wallSeconds, Map<String, Double> cpu, Map<String, Double> serverThreads,
        Map<String, Double> servicesThreads, double heapMaxMb, Map<String, Double> awsRequests, double orders) {

    public double cpuPercent(String process) {
        return 100.0 * cpu.getOrDefault(process, Double.NaN) / wallSeconds;
    }
}
