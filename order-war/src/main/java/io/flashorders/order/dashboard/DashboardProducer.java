package io.flashorders.order.dashboard;

import io.flashorders.core.dashboard.RequestTally;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The one request tally the API's answers go into and the war room reads. */
@ApplicationScoped
public class DashboardProducer {

    /** A singleton, not application scoped: the tally is a final class, which a client proxy cannot wrap. */
    @Produces
    @Singleton
    RequestTally requestTally() {
        return new RequestTally();
    }
}
