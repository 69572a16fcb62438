package io.flashorders.core.sale;

import com.fasterxml.jackson.databind.JsonNode;
import io.flashorders.core.json.InvalidOrderException;
import io.flashorders.core.json.OrderJson;
import io.flashorders.core.json.Problem;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What a new sale and a reservation request must look like; every problem is reported at once, against its field, as
 * {@value #INVALID_SALE} or {@value #INVALID_RESERVATION} (malformed JSON as {@code malformed_json}). Unknown fields
 * are ignored.
 */
public final class SaleRules {

    public static final String INVALID_SALE = "invalid_sale";
    public static final String INVALID_RESERVATION = "invalid_reservation";
    /** Sale and product ids: what a URL path segment and a Redis key carry without escaping. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    public static final long MAX_STOCK = 10_000_000;
    public static final BigDecimal MAX_PRICE = new BigDecimal("1000000");
    public static final long MAX_HOLD_SECONDS = 3600;
    public static final int MAX_PER_CUSTOMER_LIMIT = 100;

    private final List<Problem> problems = new ArrayList<>();

    private SaleRules() {
    }

    /** A sale from an admin's request: {@code sale_id} (generated when absent), {@code starts_at} defaults to now. */
    public static Sale parseSale(byte[] body, Instant now) {
        return new SaleRules().sale(tree(body), now);
    }

    /** The customer of a reservation request: {@code {"customer_id": 42}}. */
    public static long parseCustomer(byte[] body) {
        SaleRules rules = new SaleRules();
        JsonNode root = tree(body);
        if (!root.isObject()) {
            throw new InvalidOrderException(INVALID_RESERVATION, List.of(new Problem("$", "must be a JSON object")));
        }
        Long customer = rules.positive(root, "customer_id", Long.MAX_VALUE);
        if (!rules.problems.isEmpty()) {
            throw new InvalidOrderException(INVALID_RESERVATION, rules.problems);
        }
        return customer;
    }

    /** Whether a path segment can name a sale or a reservation at all (anything else is simply unknown: 404). */
    public static boolean isId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    private Sale sale(JsonNode root, Instant now) {
        if (!root.isObject()) {
            throw new InvalidOrderException(INVALID_SALE, List.of(new Problem("$", "must be a JSON object")));
        }
        String saleId = root.has("sale_id") ? id(root.get("sale_id"), "sale_id") : UUID.randomUUID().toString();
        String productId = id(root.get("product_id"), "product_id");
        Long stock = positive(root, "stock", MAX_STOCK);
        String currency = currency(root.get("currency"));
        BigDecimal price = price(root.get("price"), currency);
        Instant startsAt = root.has("starts_at") ? instant(root.get("starts_at"), "starts_at") : now;
        Instant endsAt = instant(root.get("ends_at"), "ends_at");
        Long hold = root.has("hold_seconds") ? positive(root, "hold_seconds", MAX_HOLD_SECONDS)
                : Long.valueOf(Sale.DEFAULT_HOLD_SECONDS);
        Long limit = root.has("per_customer_limit") ? positive(root, "per_customer_limit", MAX_PER_CUSTOMER_LIMIT)
                : Long.valueOf(Sale.DEFAULT_PER_CUSTOMER_LIMIT);
        if (startsAt != null && endsAt != null && !endsAt.isAfter(startsAt)) {
            problems.add(new Problem("ends_at", "must be after starts_at"));
        } else if (endsAt != null && !endsAt.isAfter(now)) {
            problems.add(new Problem("ends_at", "must be in the future"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidOrderException(INVALID_SALE, problems);
        }
        return new Sale(saleId, productId, stock, price, currency, startsAt, endsAt, Duration.ofSeconds(hold),
                limit.intValue(), null);
    }

    private static JsonNode tree(byte[] body) {
        JsonNode root = body.length == 0 ? null : OrderJson.read(new String(body, StandardCharsets.UTF_8), JsonNode.class);
        if (root == null || root.isMissingNode()) {
            throw new InvalidOrderException(InvalidOrderException.MALFORMED_JSON,
                    List.of(new Problem("$", "request body is empty")));
        }
        return root;
    }

    private String id(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            problems.add(new Problem(field, "is required"));
        } else if (!node.isTextual() || !isId(node.asText())) {
            problems.add(new Problem(field, "must be 1 to 64 letters, digits, '_', '.' or '-'"));
        } else {
            return node.asText();
        }
        return null;
    }

    private Long positive(JsonNode parent, String field, long max) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            problems.add(new Problem(field, "is required"));
        } else if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            problems.add(new Problem(field, "must be an integer from 1 to " + max));
        } else if (node.asLong() <= 0 || node.asLong() > max) {
            problems.add(new Problem(field, "must be from 1 to " + max));
        } else {
            return node.asLong();
        }
        return null;
    }

    private String currency(JsonNode node) {
        if (node == null || node.isNull()) {
            problems.add(new Problem("currency", "is required"));
        } else if (!node.isTextual() || !node.asText().matches("[A-Z]{3}") || !known(node.asText())) {
            problems.add(new Problem("currency", "must be an ISO 4217 code such as EUR or USD"));
        } else {
            return node.asText();
        }
        return null;
    }

    private static boolean known(String code) {
        try {
            return Currency.getInstance(code).getDefaultFractionDigits() >= 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private BigDecimal price(JsonNode node, String currency) {
        if (node == null || node.isNull()) {
            problems.add(new Problem("price", "is required"));
        } else if (!node.isNumber()) {
            problems.add(new Problem("price", "must be a number"));
        } else if (node.decimalValue().signum() <= 0 || node.decimalValue().compareTo(MAX_PRICE) > 0) {
            problems.add(new Problem("price", "must be greater than 0 and at most " + MAX_PRICE.toPlainString()));
        } else if (currency != null && node.decimalValue().stripTrailingZeros().scale()
                > Currency.getInstance(currency).getDefaultFractionDigits()) {
            problems.add(new Problem("price", "has more decimals than " + currency + " allows ("
                    + Currency.getInstance(currency).getDefaultFractionDigits() + ")"));
        } else if (currency != null) {
            return node.decimalValue().setScale(Currency.getInstance(currency).getDefaultFractionDigits());
        }
        return null;
    }

    private Instant instant(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            problems.add(new Problem(field, "is required"));
            return null;
        }
        try {
            if (node.isTextual()) {
                return Instant.parse(node.asText());
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        problems.add(new Problem(field, "must be an ISO-8601 UTC time such as 2026-12-03T10:00:00Z"));
        return null;
    }
}
