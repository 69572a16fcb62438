package io.flashorders.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.flashorders.core.order.NewOrder;
import io.flashorders.core.order.OrderItem;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * What a submitted order must look like. Works on the JSON tree rather than on bound objects so that
 * a wrong type is reported against its field ("customer_id must be an integer") instead of as a parse error.
 * Fields the server owns (order_id, status, created_at) and unknown fields are ignored.
 */
final class SubmissionRules {

    static final int MAX_ITEMS = 100;
    static final int MAX_PRODUCT_ID_LENGTH = 64;

    private final List<Problem> problems = new ArrayList<>();

    private SubmissionRules() {
    }

    static NewOrder validate(JsonNode root) {
        return new SubmissionRules().check(root);
    }

    private NewOrder check(JsonNode root) {
        if (!root.isObject()) {
            throw invalid(List.of(new Problem("$", "must be a JSON object")));
        }
        Long customerId = positiveLong(root, "customer_id");
        List<OrderItem> items = items(root.get("items"));
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        return new NewOrder(customerId, items);
    }

    private List<OrderItem> items(JsonNode node) {
        if (node == null || node.isNull()) {
            problems.add(new Problem("items", "is required"));
            return List.of();
        }
        if (!node.isArray()) {
            problems.add(new Problem("items", "must be an array"));
            return List.of();
        }
        if (node.isEmpty()) {
            problems.add(new Problem("items", "must contain at least one item"));
            return List.of();
        }
        if (node.size() > MAX_ITEMS) {
            problems.add(new Problem("items", "must contain at most " + MAX_ITEMS + " items"));
            return List.of();
        }
        List<OrderItem> items = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            OrderItem item = item(node.get(i), "items[" + i + "]");
            if (item != null) {
                items.add(item);
            }
        }
        return items;
    }

    private OrderItem item(JsonNode node, String path) {
        if (!node.isObject()) {
            problems.add(new Problem(path, "must be an object"));
            return null;
        }
        String productId = productId(node.get("product_id"), path + ".product_id");
        Long quantity = positiveLong(node, "quantity", path + ".quantity");
        BigDecimal price = price(node.get("price"), path + ".price");
        if (productId == null || quantity == null || price == null) {
            return null;
        }
        if (quantity > Integer.MAX_VALUE) {
            problems.add(new Problem(path + ".quantity", "must be at most " + Integer.MAX_VALUE));
            return null;
        }
        return new OrderItem(productId, quantity.intValue(), price);
    }

    private String productId(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            problems.add(new Problem(path, "is required"));
        } else if (!node.isTextual()) {
            problems.add(new Problem(path, "must be a string"));
        } else if (node.asText().isBlank()) {
            problems.add(new Problem(path, "must not be blank"));
        } else if (node.asText().length() > MAX_PRODUCT_ID_LENGTH) {
            problems.add(new Problem(path, "must be at most " + MAX_PRODUCT_ID_LENGTH + " characters"));
        } else if (!queueable(node.asText())) {
            problems.add(new Problem(path, "must not contain U+FFFE, U+FFFF or unpaired surrogates"));
        } else {
            return node.asText();
        }
        return null;
    }

    /**
     * Whether a queue message may carry the text as the order's JSON writes it: SQS refuses U+FFFE, U+FFFF and unpaired
     * surrogates (the JSON escapes control characters), and refuses them for a whole SendMessageBatch on ElasticMQ,
     * so one such order would fail the orders it shares a batch with.
     */
    private static boolean queueable(String text) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (c == 0xFFFE || c == 0xFFFF || (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }

    private Long positiveLong(JsonNode parent, String name) {
        return positiveLong(parent, name, name);
    }

    private Long positiveLong(JsonNode parent, String name, String path) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            problems.add(new Problem(path, "is required"));
        } else if (!node.isIntegralNumber()) {
            problems.add(new Problem(path, "must be an integer"));
        } else if (!node.canConvertToLong()) {
            problems.add(new Problem(path, "is too large"));
        } else if (node.asLong() <= 0) {
            problems.add(new Problem(path, "must be greater than 0"));
        } else {
            return node.asLong();
        }
        return null;
    }

    private BigDecimal price(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            problems.add(new Problem(path, "is required"));
        } else if (!node.isNumber()) {
            problems.add(new Problem(path, "must be a number"));
        } else if (node.decimalValue().signum() < 0) {
            problems.add(new Problem(path, "must not be negative"));
        } else {
            return node.decimalValue();
        }
        return null;
    }

    private static InvalidOrderException invalid(List<Problem> problems) {
        return new InvalidOrderException(InvalidOrderException.INVALID_ORDER, problems);
    }
}
