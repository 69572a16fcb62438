package io.flashorders.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One reading of the server's /metrics (Prometheus text): each series by its name and labels. */
public final class ServerMetrics {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    /** A series: metric name and labels. */
    public record Series(String name, Map<String, String> labels) {
    }

    private final Map<Series, Double> samples;

    private ServerMetrics(Map<Series, Double> samples) {
        this.samples = samples;
    }

    public static ServerMetrics read(String baseUrl) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("/metrics answered " + response.statusCode());
        }
        return parse(response.body());
    }

    static ServerMetrics parse(String text) {
        Map<Series, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.find()) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>();
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            try {
                samples.put(new Series(sample.group(1), labels), Double.parseDouble(sample.group(4)));
            } catch (NumberFormatException e) {
                // NaN and friends are parsed by Double; anything else is not a sample we use
            }
        }
        return new ServerMetrics(samples);
    }

    /** The sum of every series of that name whose labels include all of {@code match}. */
    public double sum(String name, Map<String, String> match) {
        return samples.entrySet().stream()
                .filter(e -> e.getKey().name().equals(name) && e.getKey().labels().entrySet().containsAll(match.entrySet()))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /** aws_requests_total by "app service operation", as read now. */
    public Map<String, Double> awsRequests() {
        Map<String, Double> byCall = new TreeMap<>();
        samples.forEach((series, value) -> {
            if (series.name().equals("aws_requests_total")) {
                Map<String, String> l = series.labels();
                byCall.merge(l.getOrDefault("app", "?") + " " + l.getOrDefault("service", "?") + " " + l.getOrDefault("operation", "?"),
                        value, Double::sum);
            }
        });
        return byCall;
    }
}
