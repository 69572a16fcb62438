package io.flashorders.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.flashorders.core.money.OrderLimits;
import io.flashorders.core.order.NewOrder;
import io.flashorders.core.order.Order;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The wire form of orders: snake_case fields, ISO-8601 times, exact decimal prices, ISO 4217 currency codes.
 * The same text is the API's response body, the queue's message body and the Lambda's SNS message.
 */
public final class OrderJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonParser.Feature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private OrderJson() {
    }

    /**
     * Parses and validates a customer's submission against the deployment's limits; every problem found is reported at
     * once. The body is JSON's own encoding (UTF-8, or UTF-16/32 as detected).
     */
    public static NewOrder parseSubmission(byte[] body, OrderLimits limits) {
        return parseSubmission(() -> MAPPER.readTree(body), limits);
    }

    /** The same, for a body already decoded from the charset its sender declared. */
    public static NewOrder parseSubmission(String body, OrderLimits limits) {
        return parseSubmission(() -> MAPPER.readTree(body), limits);
    }

    private interface TreeRead {
        JsonNode read() throws IOException;
    }

    private static NewOrder parseSubmission(TreeRead body, OrderLimits limits) {
        JsonNode root;
        try {
            root = body.read();
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || root.isMissingNode()) {
            throw new InvalidOrderException(InvalidOrderException.MALFORMED_JSON,
                    List.of(new Problem("$", "request body is empty")));
        }
        return SubmissionRules.validate(root, limits);
    }

    /**
     * Reads an order from its wire form, as published on the queue or topic. Text that is not JSON is
     * {@code malformed_json}; JSON that is not an order is {@code invalid_order}.
     */
    public static Order readOrder(String json) {
        try {
            Order order = MAPPER.readValue(json, Order.class);
            if (order == null) {
                throw new InvalidOrderException(InvalidOrderException.MALFORMED_JSON, List.of(new Problem("$", "is null")));
            }
            return order;
        } catch (JsonProcessingException e) {
            // Binding reports truncated text as a mapping error too: only a second, syntax-only read tells them apart.
            try {
                MAPPER.readTree(json);
            } catch (JsonProcessingException syntax) {
                throw malformed(syntax);
            }
            throw new InvalidOrderException(InvalidOrderException.INVALID_ORDER,
                    List.of(new Problem("$", "is not an order: " + e.getOriginalMessage())));
        }
    }

    /** Reads any of the product's other wire types (a charge, a ledger) written by {@link #write(Object)}. */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw malformed(e);
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static InvalidOrderException malformed(JsonProcessingException e) {
        String where = e.getLocation() == null ? "$"
                : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return new InvalidOrderException(InvalidOrderException.MALFORMED_JSON,
                List.of(new Problem(where, "is not valid JSON: " + e.getOriginalMessage())));
    }
}
