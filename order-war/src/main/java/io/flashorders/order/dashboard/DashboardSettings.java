package io.flashorders.order.dashboard;

import io.flashorders.core.dashboard.DashboardAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The war room's settings (docs/dashboard.md): who may watch it, and where the processor's figures are read. Read at
 * start; the admin token it may ask for is the sales' ({@code sales.admin.token}), read live.
 */
@ApplicationScoped
public class DashboardSettings {

    /**
     * open (everyone) or admin (the sale admin's token). No default in the WAR: the local server sets open, the
     * container image admin, and a server that sets nothing gets admin.
     */
    @Inject
    @ConfigProperty(name = "dashboard.access")
    Optional<String> access;

    /** The processor's /metrics; unset, the worker panel and the processor's payments say "not configured". */
    @Inject
    @ConfigProperty(name = "dashboard.processor.metrics-url")
    Optional<String> processorMetricsUrl;

    public DashboardAccess.Mode access() {
        return access.filter(mode -> !mode.isBlank()).map(DashboardAccess.Mode::of).orElse(DashboardAccess.Mode.ADMIN);
    }

    public Optional<URI> processorMetrics() {
        return processorMetricsUrl.filter(url -> !url.isBlank()).map(URI::create);
    }
}
