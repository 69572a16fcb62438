package io.flashorders.core.sale;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a sale's audit trail, written by the same atomic step as the decision it records.
 *
 * @param id            the entry's position in the trail (entries sort by it)
 * @param at            when the decision was made, by the deciding server's clock
 * @param reservationId the reservation concerned; null for the sale's own events
 * @param customerId    the customer concerned; null for the sale's own events
 * @param reason        why: e.g. {@code sold_out}, {@code hold_time_over}, {@code order <id> completed}
 * @param stock         the sale's stock, on {@link AuditType#SALE_OPENED} only
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEvent(String id, Instant at, AuditType type, String reservationId, Long customerId, String reason,
                         Long stock) {

    public AuditEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(type, "type");
    }
}
