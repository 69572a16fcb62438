package io.flashorders.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.flashorders.core.money.Money;
import io.flashorders.core.money.OrderLimits;
import io.flashorders.core.order.NewOrder;
import io.flashorders.core.order.OrderItem;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * What a submitted order must look like. Works on the JSON tree rather than on bound objects so that
 * a wrong type is reported against its field ("customer_id must be an integer") instead of as a parse error.
 * Fields the server owns (order_id, status, created_at) and unknown fields are ignored. Amounts are checked against
 * the deployment's {@link OrderLimits} (bounds first, then scale: both are cheap for any number a client can write,
 * 1e999999999 included, so no arithmetic runs on an amount before it is known to be small).
 */
final class SubmissionRules {

    private static final int MAX_ITEMS = OrderLimits.MAX_ITEMS;
    private static final int MAX_PRODUCT_ID_LENGTH = OrderLimits.MAX_PRODUCT_ID_LENGTH;

    private final List<Problem> problems = new ArrayList<>();
    private final OrderLimits limits;

    private SubmissionRules(OrderLimits limits) {
        this.limits = limits;
    }

    static NewOrder validate(JsonNode root, OrderLimits limits) {
        return new SubmissionRules(limits).check(root);
    }

    private NewOrder check(JsonNode root) {
        if (!root.isObject()) {
            throw invalid(List.of(new Problem("$", "must be a JSON object")));
        }
        Long customerId = positiveLong(root, "customer_id");
        currency(root.get("currency"));
        List<OrderItem> items = items(root.get("items"));
        if (problems.isEmpty()) {
            total(items);
        }
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        return new NewOrder(customerId, limits.currency(), items);
    }

    /** Optional: an order without one is in the deployment's currency; naming another is refused, never converted. */
    private void currency(JsonNode node) {
        String code = limits.currency().getCurrencyCode();
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isTextual()) {
            problems.add(new Problem("currency", "must be a string"));
        } else if (!node.asText().equals(code)) {
            problems.add(new Problem("currency", "must be " + code + ": orders are taken in " + code + " only"));
        }
    }

    private void total(List<OrderItem> items) {
        Money total = Money.zero(limits.currency());
        for (OrderItem item : items) {
            total = total.plus(item.lineTotal(limits.currency()));
        }
        if (total.isMoreThan(limits.maxOrderTotal())) {
            problems.add(new Problem("items", "must come to at most " + limits.maxOrderTotal().toPlainString() + " "
                    + limits.currency().getCurrencyCode() + " in all, not " + total.amount().toPlainString()));
        }
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
        Long quantity = quantity(node, path + ".quantity");
        BigDecimal price = price(node.get("price"), path + ".price");
        if (productId == null || quantity == null || price == null) {
            return null;
        }
        OrderItem item = new OrderItem(productId, quantity.intValue(), price);
        Money line = item.lineTotal(limits.currency());
        if (line.isMoreThan(limits.maxLineTotal())) {
            problems.add(new Problem(path, "must come to at most " + limits.maxLineTotal().toPlainString() + " "
                    + limits.currency().getCurrencyCode() + " (price x quantity), not " + line.amount().toPlainString()));
            return null;
        }
        return item;
    }

    private String productId(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            problems.add(new Problem(path, "is required"));
        } else if (!node.isTextual()) {
            problems.add(new Problem(path, "must be a string"));
        } else {
            String problem = PrintableText.problem(node.asText(), MAX_PRODUCT_ID_LENGTH);
            if (problem == null) {
                return node.asText();
            }
            problems.add(new Problem(path, problem));
        }
        return null;
    }

    private Long quantity(JsonNode parent, String path) {
        Long quantity = positiveLong(parent, "quantity", path);
        long max = Math.min(limits.maxQuantity(), Integer.MAX_VALUE);
        if (quantity != null && quantity > max) {
            problems.add(new Problem(path, "must be at most " + max));
            return null;
        }
        return quantity;
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
        } else if (node.decimalValue().compareTo(limits.maxUnitPrice()) > 0) {
            problems.add(new Problem(path, "must be at most " + limits.maxUnitPrice().toPlainString() + " "
                    + limits.currency().getCurrencyCode()));
        } else if (!Money.fitsScale(node.decimalValue(), limits.currency())) {
            problems.add(new Problem(path, "must have at most " + Money.fractionDigits(limits.currency()) + " decimals, as "
                    + limits.currency().getCurrencyCode() + " has"));
        } else {
            return Money.of(node.decimalValue(), limits.currency()).amount();
        }
        return null;
    }

    private static InvalidOrderException invalid(List<Problem> problems) {
        return new InvalidOrderException(InvalidOrderException.INVALID_ORDER, problems);
    }
}
