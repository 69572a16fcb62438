package io.flashorders.order.api;

import io.flashorders.core.json.PrintableText;
import io.flashorders.core.money.Money;
import io.flashorders.core.money.OrderLimits;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Writes this deployment's {@link OrderLimits} into {@code /openapi}: the currency as the only value of
 * {@code currency}, each price's maximum and step (one minor unit), the quantity's and product id's bounds, and the
 * line and order totals in the descriptions, as the running server checks them. Registered by {@code mp.openapi.filter}.
 */
public class LimitsInOpenApi implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openApi) {
        if (openApi.getComponents() == null || openApi.getComponents().getSchemas() == null) {
            return;
        }
        OrderLimits limits = SubmissionLimits.from(ConfigProvider.getConfig());
        String currency = limits.currency().getCurrencyCode();
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        property(schemas, "OrderItem", "price").ifPresent(price -> price.minimum(BigDecimal.ZERO)
                .maximum(limits.maxUnitPrice())
                .multipleOf(BigDecimal.ONE.movePointLeft(Money.fractionDigits(limits.currency())))
                .description("Unit price in the order's currency, at most " + limits.maxUnitPrice().toPlainString() + " "
                        + currency + " and no more decimals than " + currency + " has; price x quantity at most "
                        + limits.maxLineTotal().toPlainString() + " " + currency));
        property(schemas, "OrderItem", "quantity").ifPresent(quantity -> quantity.minimum(BigDecimal.ONE)
                .maximum(BigDecimal.valueOf(Math.min(limits.maxQuantity(), Integer.MAX_VALUE))));
        property(schemas, "OrderItem", "product_id").ifPresent(product -> product.minLength(1)
                .maxLength(OrderLimits.MAX_PRODUCT_ID_LENGTH).description("Printable text: "
                        + PrintableText.NOT_PRINTABLE.replace("must contain only printable characters ", "")));
        for (String order : List.of("NewOrder", "Order")) {
            property(schemas, order, "currency").ifPresent(code -> code.enumeration(List.of(currency))
                    .defaultValue(currency).description("ISO 4217 code of every amount in the order; this deployment takes "
                            + currency + " only, and an order without one is in " + currency));
            property(schemas, order, "items").ifPresent(items -> items.minItems(1).maxItems(OrderLimits.MAX_ITEMS)
                    .description("The order's lines; together at most " + limits.maxOrderTotal().toPlainString() + " "
                            + currency + ", the amount charged"));
        }
    }

    private static java.util.Optional<Schema> property(Map<String, Schema> schemas, String schema, String property) {
        Schema owner = schemas.get(schema);
        if (owner == null || owner.getProperties() == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.ofNullable(owner.getProperties().get(property));
    }
}
