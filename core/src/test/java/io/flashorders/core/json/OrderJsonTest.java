package io.flashorders.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.core.money.OrderLimits;
import io.flashorders.core.order.NewOrder;
import io.flashorders.core.order.Order;
import io.flashorders.core.order.OrderItem;
import io.flashorders.core.order.OrderStatus;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrderJsonTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T10:15:30Z"), ZoneOffset.UTC);

    @Test
    void parseSubmission_validFixture_keepsCustomerAndExactPrices() throws IOException {
        NewOrder order = OrderJson.parseSubmission(fixture("valid-order.json"), OrderLimits.defaults());

        assertEquals(123, order.customerId());
        assertEquals(Currency.getInstance("USD"), order.currency());
        assertEquals(List.of(
                new OrderItem("sku-42", 2, new BigDecimal("19.99")),
                new OrderItem("sku-7", 1, new BigDecimal("0.00"))), order.items());
    }

    @Test
    void write_acceptedOrder_usesSnakeCaseLowerCaseStatusAndIsoTime() throws IOException {
        Order order = OrderJson.parseSubmission(fixture("valid-order.json"), OrderLimits.defaults()).accept(CLOCK);

        String json = OrderJson.write(order);

        assertTrue(json.contains("\"order_id\":\"" + order.orderId() + "\""), json);
        assertTrue(json.contains("\"customer_id\":123"), json);
        assertTrue(json.contains("\"status\":\"pending\""), json);
        assertTrue(json.contains("\"currency\":\"USD\""), json);
        assertTrue(json.contains("\"created_at\":\"2026-11-21T10:15:30Z\""), json);
        assertTrue(json.contains("{\"product_id\":\"sku-42\",\"quantity\":2,\"price\":19.99}"), json);
        UUID.fromString(order.orderId());
    }

    @Test
    void readOrder_writtenOrder_roundTripsToEqualValue() throws IOException {
        Order order = OrderJson.parseSubmission(fixture("valid-order.json"), OrderLimits.defaults()).accept(CLOCK).withStatus(OrderStatus.COMPLETED);

        assertEquals(order, OrderJson.readOrder(OrderJson.write(order)));
    }

    @Test
    void readOrder_jsonThatIsNotAnOrder_throwsInvalidOrder() {
        InvalidOrderException e = assertThrows(InvalidOrderException.class, () -> OrderJson.readOrder("{\"status\":\"lost\"}"));
        InvalidOrderException array = assertThrows(InvalidOrderException.class, () -> OrderJson.readOrder("[1,2,3]"));

        assertEquals(InvalidOrderException.INVALID_ORDER, e.code());
        assertEquals(InvalidOrderException.INVALID_ORDER, array.code());
    }

    @Test
    void parseSubmission_productWithCharacterOutsideTheBasicPlane_accepted() {
        NewOrder parsed = parse("{\"customer_id\":7,\"items\":[{\"product_id\":\"mug-\\ud83d\\ude00\",\"quantity\":1,\"price\":1}]}");

        assertEquals("mug-\ud83d\ude00", parsed.items().get(0).productId());
    }

    @Test
    void readOrder_notJson_throwsMalformed() {
        InvalidOrderException e = assertThrows(InvalidOrderException.class, () -> OrderJson.readOrder("{not json"));

        assertEquals(InvalidOrderException.MALFORMED_JSON, e.code());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        missing customer     | {"items":[{"product_id":"a","quantity":1,"price":1}]}                   | customer_id           | is required
        customer as string   | {"customer_id":"7","items":[{"product_id":"a","quantity":1,"price":1}]} | customer_id           | must be an integer
        customer fractional  | {"customer_id":7.5,"items":[{"product_id":"a","quantity":1,"price":1}]} | customer_id           | must be an integer
        customer zero        | {"customer_id":0,"items":[{"product_id":"a","quantity":1,"price":1}]}   | customer_id           | must be greater than 0
        missing items        | {"customer_id":7}                                                       | items                 | is required
        items not array      | {"customer_id":7,"items":{"product_id":"a"}}                            | items                 | must be an array
        empty items          | {"customer_id":7,"items":[]}                                            | items                 | must contain at least one item
        item not object      | {"customer_id":7,"items":[5]}                                           | items[0]              | must be an object
        missing product      | {"customer_id":7,"items":[{"quantity":1,"price":1}]}                    | items[0].product_id   | is required
        product as number    | {"customer_id":7,"items":[{"product_id":9,"quantity":1,"price":1}]}     | items[0].product_id   | must be a string
        blank product        | {"customer_id":7,"items":[{"product_id":" ","quantity":1,"price":1}]}   | items[0].product_id   | must not be blank
        product U+FFFF       | {"customer_id":7,"items":[{"product_id":"a\\uffff","quantity":1,"price":1}]} | items[0].product_id | NOT_PRINTABLE
        product U+FDD0       | {"customer_id":7,"items":[{"product_id":"a\\ufdd0","quantity":1,"price":1}]} | items[0].product_id | NOT_PRINTABLE
        product lone surrogate | {"customer_id":7,"items":[{"product_id":"a\\ud800b","quantity":1,"price":1}]} | items[0].product_id | NOT_PRINTABLE
        product NUL          | {"customer_id":7,"items":[{"product_id":"a\\u0000b","quantity":1,"price":1}]} | items[0].product_id | NOT_PRINTABLE
        product BEL          | {"customer_id":7,"items":[{"product_id":"a\\u0007","quantity":1,"price":1}]} | items[0].product_id | NOT_PRINTABLE
        product DEL          | {"customer_id":7,"items":[{"product_id":"a\\u007f","quantity":1,"price":1}]} | items[0].product_id | NOT_PRINTABLE
        product C1 control   | {"customer_id":7,"items":[{"product_id":"a\\u0085","quantity":1,"price":1}]} | items[0].product_id | NOT_PRINTABLE
        product newline      | {"customer_id":7,"items":[{"product_id":"a\\nb","quantity":1,"price":1}]} | items[0].product_id | NOT_PRINTABLE
        product U+2028       | {"customer_id":7,"items":[{"product_id":"a\\u2028b","quantity":1,"price":1}]} | items[0].product_id | NOT_PRINTABLE
        product too long     | {"customer_id":7,"items":[{"product_id":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","quantity":1,"price":1}]} | items[0].product_id | must be at most 64 characters
        zero quantity        | {"customer_id":7,"items":[{"product_id":"a","quantity":0,"price":1}]}   | items[0].quantity     | must be greater than 0
        negative quantity    | {"customer_id":7,"items":[{"product_id":"a","quantity":-3,"price":1}]}  | items[0].quantity     | must be greater than 0
        huge quantity        | {"customer_id":7,"items":[{"product_id":"a","quantity":3000000000,"price":1}]} | items[0].quantity | must be at most 10000
        quantity over max    | {"customer_id":7,"items":[{"product_id":"a","quantity":10001,"price":1}]} | items[0].quantity   | must be at most 10000
        quantity as string   | {"customer_id":7,"items":[{"product_id":"a","quantity":"2","price":1}]} | items[0].quantity     | must be an integer
        negative price       | {"customer_id":7,"items":[{"product_id":"a","quantity":1,"price":-0.01}]} | items[0].price      | must not be negative
        price as string      | {"customer_id":7,"items":[{"product_id":"a","quantity":1,"price":"1"}]} | items[0].price        | must be a number
        missing price        | {"customer_id":7,"items":[{"product_id":"a","quantity":1}]}             | items[0].price        | is required
        price 3 decimals     | {"customer_id":7,"items":[{"product_id":"a","quantity":1,"price":1.005}]} | items[0].price      | must have at most 2 decimals, as USD has
        price 30 decimals    | {"customer_id":7,"items":[{"product_id":"a","quantity":1,"price":0.123456789012345678901234567890}]} | items[0].price | must have at most 2 decimals, as USD has
        price tiny exponent  | {"customer_id":7,"items":[{"product_id":"a","quantity":1,"price":1e-999999999}]} | items[0].price | must have at most 2 decimals, as USD has
        price 1e308          | {"customer_id":7,"items":[{"product_id":"a","quantity":10,"price":1e308}]} | items[0].price     | must be at most 999999.99 USD
        price huge exponent  | {"customer_id":7,"items":[{"product_id":"a","quantity":1,"price":1e999999999}]} | items[0].price | must be at most 999999.99 USD
        price over max       | {"customer_id":7,"items":[{"product_id":"a","quantity":1,"price":1000000.00}]} | items[0].price  | must be at most 999999.99 USD
        line over max        | {"customer_id":7,"items":[{"product_id":"a","quantity":2,"price":500000}]} | items[0]           | must come to at most 999999.99 USD (price x quantity), not 1000000.00
        order over max       | {"customer_id":7,"items":[{"product_id":"a","quantity":1,"price":600000},{"product_id":"b","quantity":1,"price":400000}]} | items | must come to at most 999999.99 USD in all, not 1000000.00
        other currency       | {"customer_id":7,"currency":"EUR","items":[{"product_id":"a","quantity":1,"price":1}]} | currency | must be USD: orders are taken in USD only
        currency lower case  | {"customer_id":7,"currency":"usd","items":[{"product_id":"a","quantity":1,"price":1}]} | currency | must be USD: orders are taken in USD only
        currency as number   | {"customer_id":7,"currency":840,"items":[{"product_id":"a","quantity":1,"price":1}]} | currency   | must be a string
        not an object        | [1,2]                                                                    | $                     | must be a JSON object
        """)
    void parseSubmission_invalidField_namesFieldAndProblem(String name, String body, String field, String problem) {
        InvalidOrderException e = assertThrows(InvalidOrderException.class, () -> parse(body));

        assertEquals(InvalidOrderException.INVALID_ORDER, e.code());
        String expected = problem.equals("NOT_PRINTABLE") ? PrintableText.NOT_PRINTABLE : problem;
        assertEquals(List.of(new Problem(field, expected)), e.problems());
    }

    @Test
    void parseSubmission_priceWithTrailingZerosOrFewerDecimals_heldAtTheCurrencysScale() {
        NewOrder parsed = parse("{\"customer_id\":7,\"currency\":\"USD\",\"items\":["
                + "{\"product_id\":\"a\",\"quantity\":1,\"price\":19.900},{\"product_id\":\"b\",\"quantity\":1,\"price\":5}]}");

        assertEquals(new BigDecimal("19.90"), parsed.items().get(0).price());
        assertEquals(new BigDecimal("5.00"), parsed.items().get(1).price());
        assertEquals(new BigDecimal("24.90"), parsed.accept(CLOCK).total().amount());
    }

    @Test
    void parseSubmission_amountsAtTheirMaxima_accepted() {
        NewOrder parsed = parse("{\"customer_id\":7,\"items\":[{\"product_id\":\"a\",\"quantity\":1,\"price\":999999.99}]}");

        assertEquals(new BigDecimal("999999.99"), parsed.accept(CLOCK).total().amount());
    }

    @Test
    void parseSubmission_deploymentInYen_takesYenAtTheirScale() {
        OrderLimits yen = OrderLimits.defaults().withCurrency(Currency.getInstance("JPY"));

        NewOrder parsed = OrderJson.parseSubmission("{\"customer_id\":7,\"items\":[{\"product_id\":\"a\",\"quantity\":1,\"price\":1500}]}",
                yen);
        InvalidOrderException fraction = assertThrows(InvalidOrderException.class, () -> OrderJson.parseSubmission(
                "{\"customer_id\":7,\"items\":[{\"product_id\":\"a\",\"quantity\":1,\"price\":1.5}]}", yen));
        InvalidOrderException dollars = assertThrows(InvalidOrderException.class, () -> OrderJson.parseSubmission(
                "{\"customer_id\":7,\"currency\":\"USD\",\"items\":[{\"product_id\":\"a\",\"quantity\":1,\"price\":1}]}", yen));

        assertEquals(Currency.getInstance("JPY"), parsed.currency());
        assertEquals(new BigDecimal("1500"), parsed.items().get(0).price());
        assertEquals(List.of(new Problem("items[0].price", "must have at most 0 decimals, as JPY has")), fraction.problems());
        assertEquals(List.of(new Problem("currency", "must be JPY: orders are taken in JPY only")), dollars.problems());
    }

    @Test
    void readOrder_writtenBeforeOrdersHadACurrency_isInUsDollars() {
        Order order = OrderJson.readOrder("{\"order_id\":\"o-1\",\"customer_id\":7,\"status\":\"pending\","
                + "\"items\":[{\"product_id\":\"a\",\"quantity\":2,\"price\":1.5}],\"created_at\":\"2026-01-01T00:00:00Z\"}");

        assertEquals(Currency.getInstance("USD"), order.currency());
        assertEquals(new BigDecimal("3.00"), order.total().amount());
    }

    @Test
    void parseSubmission_severalProblems_reportsEveryOne() {
        InvalidOrderException e = assertThrows(InvalidOrderException.class,
                () -> parse("{\"customer_id\":-1,\"items\":[{\"product_id\":\"a\",\"quantity\":0,\"price\":-1}]}"));

        assertEquals(List.of(
                new Problem("customer_id", "must be greater than 0"),
                new Problem("items[0].quantity", "must be greater than 0"),
                new Problem("items[0].price", "must not be negative")), e.problems());
    }

    @Test
    void parseSubmission_tooManyItems_isRejected() {
        String item = "{\"product_id\":\"a\",\"quantity\":1,\"price\":1}";
        String body = "{\"customer_id\":7,\"items\":[" + String.join(",", java.util.Collections.nCopies(101, item)) + "]}";

        InvalidOrderException e = assertThrows(InvalidOrderException.class, () -> parse(body));

        assertEquals(List.of(new Problem("items", "must contain at most 100 items")), e.problems());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"customer_id\":7,",
        "{\"customer_id\":7}}",
        "{\"customer_id\":7,\"customer_id\":8,\"items\":[]}",
        "not json at all",
        "''"})
    void parseSubmission_malformedJson_throwsMalformedWithLocation(String body) {
        InvalidOrderException e = assertThrows(InvalidOrderException.class, () -> parse(body));

        assertEquals(InvalidOrderException.MALFORMED_JSON, e.code());
        assertEquals(1, e.problems().size());
    }

    private static NewOrder parse(String body) {
        return OrderJson.parseSubmission(body.getBytes(StandardCharsets.UTF_8), OrderLimits.defaults());
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = OrderJsonTest.class.getResourceAsStream("/orders/" + name)) {
            return in.readAllBytes();
        }
    }
}
