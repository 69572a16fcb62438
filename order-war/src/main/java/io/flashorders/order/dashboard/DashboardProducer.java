package io.flashorders.order.dashboard;

import io.flashorders.core.dashboard.RequestTally;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The one request tally the API's answers go into and the war room reads. */
@ApplicationScoped
public class DashboardProducer {

    @Produces
    @ApplicationScoped
    RequestTally requestTally() {
        return new RequestTally();
    }
}
