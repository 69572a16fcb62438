package io.flashorders.liberty.errors;

import com.ibm.wsspi.http.VirtualHost;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Registers {@link MalformedUriContainer} with every virtual host as it appears. A container joins a host through a
 * context root; {@link #CONTEXT_ROOT} is one no application uses, and a request to it is still the web container's
 * (the order API answers it with a JSON 404).
 */
public final class Activator implements BundleActivator {

    static final String CONTEXT_ROOT = "/.flash-orders-uri-check";

    private final MalformedUriContainer container = new MalformedUriContainer();
    private ServiceTracker<VirtualHost, VirtualHost> hosts;

    @Override
    public void start(BundleContext context) {
        hosts = new ServiceTracker<>(context, VirtualHost.class, null) {
            @Override
            public VirtualHost addingService(ServiceReference<VirtualHost> reference) {
                VirtualHost host = super.addingService(reference);
                host.addContextRoot(CONTEXT_ROOT, container);
                return host;
            }

            @Override
            public void removedService(ServiceReference<VirtualHost> reference, VirtualHost host) {
                host.removeContextRoot(CONTEXT_ROOT, container);
                super.removedService(reference, host);
            }
        };
        hosts.open();
    }

    @Override
    public void stop(BundleContext context) {
        hosts.close();
    }
}
