package io.flashorders.lambda;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.flashorders.core.json.OrderJson;
import java.util.List;

/**
 * The part of an SNS event (as Lambda delivers it) that the handler reads: each record's message id and its message,
 * the raw order JSON. Read with the core's own JSON mapper ({@link OrderJson}); every other field of the event
 * (signatures, timestamps, attributes) is skipped, so none needs a class of its own.
 *
 * @param records the event's records; none when the event has no {@code Records}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record SnsEvent(@JsonProperty("Records") List<Record> records) {

    SnsEvent {
        records = records == null ? List.of() : records;
    }

    /**
     * @throws io.flashorders.core.json.InvalidOrderException ({@code malformed_json}) for text that is not an SNS
     *     event's JSON
     */
    static SnsEvent read(String json) {
        return OrderJson.read(json, SnsEvent.class);
    }

    /** @param sns the notification; null in a record without one */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Record(@JsonProperty("Sns") Message sns) {
    }

    /** @param message the notification's body, null when it has none */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Message(@JsonProperty("MessageId") String messageId, @JsonProperty("Message") String message) {
    }
}
