package io.flashorders.core.payment;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** The provider an application pays through: the one at a URL when one is configured, else a simulation in-process. */
public final class PaymentProviders {

    private PaymentProviders() {
    }

    /**
     * @param url        a provider speaking {@link HttpPaymentProvider}'s protocol (the local one, or a real one)
     * @param simulation used only without a URL: the provider is then simulated in this process
     * @param timeout    the most one call to the provider at {@code url} may take
     */
    public static PaymentProvider of(Optional<URI> url, ProviderSimulation simulation, Duration timeout) {
        return url.<PaymentProvider>map(u -> new HttpPaymentProvider(u, timeout))
                .orElseGet(() -> new SimulatedPaymentProvider(simulation));
    }
}
