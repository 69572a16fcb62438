package io.flashorders.order.admission;

import java.util.Optional;

/**
 * The endpoints admission control bounds: each waits on a dependency (the order store, the queue, the payment
 * provider, the inventory store), and each has its own bound. A request is matched by its path alone, before anything
 * of it is read: a method the endpoint does not serve is answered 405 by JAX-RS, in the bound like any other request.
 * Everything else (the admin endpoints, health, metrics, the war room) is not bounded.
 */
public enum Bounded {
    /** {@code /orders/async} */
    ASYNC("async"),
    /** {@code /orders/sync} */
    SYNC("sync"),
    /** {@code /orders/{id}} */
    STATUS("status"),
    /** {@code /sales/{saleId}} */
    AVAILABILITY("availability"),
    /** {@code /sales/{saleId}/reservations}, one reservation, its checkout */
    RESERVATIONS("reservations");

    private final String tag;

    Bounded(String tag) {
        this.tag = tag;
    }

    /** The value of the {@code endpoint} tag of admission.in.flight. */
    public String tag() {
        return tag;
    }

    /**
     * @param path the request's path within the application, as sent (still percent-encoded)
     * @return the bounded endpoint and the path template the API's own tally names it by, or empty when not bounded
     */
    public static Optional<Match> match(String path) {
        String[] s = (path.startsWith("/") ? path.substring(1) : path).split("/", -1);
        if (s.length == 2 && s[0].equals("orders") && !s[1].isEmpty()) {
            return Optional.of(switch (s[1]) {
                case "async" -> new Match(ASYNC, "/orders/async");
                case "sync" -> new Match(SYNC, "/orders/sync");
                default -> new Match(STATUS, "/orders/{id}");
            });
        }
        if (s.length < 2 || !s[0].equals("sales") || s[1].isEmpty()) {
            return Optional.empty();
        }
        if (s.length == 2) {
            return Optional.of(new Match(AVAILABILITY, "/sales/{saleId}"));
        }
        if (!s[2].equals("reservations") || s.length > 5 || (s.length > 3 && s[3].isEmpty())) {
            return Optional.empty();
        }
        return switch (s.length) {
            case 3 -> Optional.of(new Match(RESERVATIONS, "/sales/{saleId}/reservations"));
            case 4 -> Optional.of(new Match(RESERVATIONS, "/sales/{saleId}/reservations/{reservationId}"));
            default -> s[4].equals("checkout")
                    ? Optional.of(new Match(RESERVATIONS, "/sales/{saleId}/reservations/{reservationId}/checkout"))
                    : Optional.empty();
        };
    }

    /** A request's bounded endpoint, and the path template it is counted under. */
    public record Match(Bounded endpoint, String template) {
    }
}
