package io.flashorders.order.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BoundedTest {

    @ParameterizedTest
    @CsvSource({
            "/orders/async, ASYNC, /orders/async",
            "/orders/sync, SYNC, /orders/sync",
            "/orders/9b2f, STATUS, /orders/{id}",
            "/orders/%61sync, STATUS, /orders/{id}",
            "/sales/spring, AVAILABILITY, /sales/{saleId}",
            "/sales/spring/reservations, RESERVATIONS, /sales/{saleId}/reservations",
            "/sales/spring/reservations/r1, RESERVATIONS, /sales/{saleId}/reservations/{reservationId}",
            "/sales/spring/reservations/r1/checkout, RESERVATIONS, /sales/{saleId}/reservations/{reservationId}/checkout",
    })
    void boundedPaths_matchTheirEndpointAndTemplate(String path, Bounded endpoint, String template) {
        assertEquals(Optional.of(new Bounded.Match(endpoint, template)), Bounded.match(path));
    }

    @ParameterizedTest
    @CsvSource({"/orders", "/orders/", "/orders/a/b", "/sales", "/sales/", "/sales/s/audit", "/sales/s/reservations/",
            "/sales/s/reservations/r1/other", "/sales/s/reservations/r1/checkout/x", "/admin/sales", "/health/ready",
            "/dashboard", "/metrics", "/"})
    void otherPaths_areNotBounded(String path) {
        assertEquals(Optional.empty(), Bounded.match(path));
    }
}
