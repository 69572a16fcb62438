package io.flashorders.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads the API's JSON answers. */
public final class OrderJsonReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OrderJsonReader() {
    }

    public static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }

    public static String orderId(String body) {
        return read(body).get("order_id").asText();
    }

    /** The statuses of {@code transitions}, in the order listed. */
    public static List<String> transitionStatuses(JsonNode order) {
        List<String> statuses = new ArrayList<>();
        order.get("transitions").forEach(t -> statuses.add(t.get("status").asText()));
        return statuses;
    }
}
