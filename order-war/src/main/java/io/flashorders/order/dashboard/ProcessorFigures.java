package io.flashorders.order.dashboard;

import io.flashorders.core.dashboard.PrometheusText;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The processor's figures, which live in its own server: a scrape of its /metrics (dashboard.processor.metrics-url)
 * each time the war room ticks, with a short timeout so that a slow or dead processor costs a tick nothing but the
 * panel. {@link Scrape#problem()} says why figures are missing.
 */
@ApplicationScoped
public class ProcessorFigures {

    private static final Duration TIMEOUT = Duration.ofMillis(900);

    /** A scrape, or why there is none. */
    public record Scrape(Optional<PrometheusText> text, String problem) {

        static Scrape failed(String problem) {
            return new Scrape(Optional.empty(), problem);
        }
    }

    @Inject
    DashboardSettings settings;

    private HttpClient http;

    @PostConstruct
    void connect() {
        http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    public Scrape scrape() {
        Optional<URI> url = settings.processorMetrics();
        if (url.isEmpty()) {
            return Scrape.failed("not configured (dashboard.processor.metrics-url)");
        }
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url.get()).timeout(TIMEOUT)
                    .header("Accept", "text/plain").GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Scrape.failed("the processor's metrics answered " + response.statusCode());
            }
            PrometheusText text = PrometheusText.parse(response.body());
            if (text.sum("processor_workers").isEmpty()) {
                return Scrape.failed("no processor at " + url.get() + " (no processor_workers)");
            }
            return new Scrape(Optional.of(text), "");
        } catch (IOException e) {
            return Scrape.failed("the processor's metrics are unreachable: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Scrape.failed("interrupted");
        }
    }
}
