package io.flashorders.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrderJsonTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T10:15:30Z"), ZoneOffset.UTC);

    @Test
    void parseSubmission_validFixture_keepsCustomerAndExactPrices() throws IOException {
        NewOrder order = OrderJson.parseSubmission(fixture("valid-order.json"));

        assertEquals(123, order.customerId());
        assertEquals(List.of(
                new OrderItem("sku-42", 2, new BigDecimal("19.99")),
                new OrderItem("sku-7", 1, new BigDecimal("0"))), order.items());
    }

    @Test
    void write_acceptedOrder_usesSnakeCaseLowerCaseStatusAndIsoTime() throws IOException {
        Order order = OrderJson.parseSubmission(fixture("valid-order.json")).accept(CLOCK);

        String json = OrderJson.write(order);

        assertTrue(json.contains("\"order_id\":\"" + order.orderId() + "\""), json);
        assertTrue(json.contains("\"customer_id\":123"), json);
        assertTrue(json.contains("\"status\":\"pending\""), json);
        assertTrue(json.contains("\"created_at\":\"2026-11-21T10:15:30Z\""), json);
        assertTrue(json.contains("{\"product_id\":\"sku-42\",\"quantity\":2,\"price\":19.99}"), json);
        UUID.fromString(order.orderId());
    }

    @Test
    void readOrder_writtenOrder_roundTripsToEqualValue() throws IOException {
        Order order = OrderJson.parseSubmission(fixture("valid-order.json")).accept(CLOCK).withStatus(OrderStatus.COMPLETED);

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
        product U+FFFF       | {"customer_id":7,"items":[{"product_id":"a\\uffff","quantity":1,"price":1}]} | items[0].product_id | must not contain U+FFFE, U+FFFF or unpaired surrogates
        product lone surrogate | {"customer_id":7,"items":[{"product_id":"a\\ud800b","quantity":1,"price":1}]} | items[0].product_id | must not contain U+FFFE, U+FFFF or unpaired surrogates
        zero quantity        | {"customer_id":7,"items":[{"product_id":"a","quantity":0,"price":1}]}   | items[0].quantity     | must be greater than 0
        negative quantity    | {"customer_id":7,"items":[{"product_id":"a","quantity":-3,"price":1}]}  | items[0].quantity     | must be greater than 0
        huge quantity        | {"customer_id":7,"items":[{"product_id":"a","quantity":3000000000,"price":1}]} | items[0].quantity | must be at most 2147483647
        quantity as string   | {"customer_id":7,"items":[{"product_id":"a","quantity":"2","price":1}]} | items[0].quantity     | must be an integer
        negative price       | {"customer_id":7,"items":[{"product_id":"a","quantity":1,"price":-0.01}]} | items[0].price      | must not be negative
        price as string      | {"customer_id":7,"items":[{"product_id":"a","quantity":1,"price":"1"}]} | items[0].price        | must be a number
        missing price        | {"customer_id":7,"items":[{"product_id":"a","quantity":1}]}             | items[0].price        | is required
        not an object        | [1,2]                                                                    | $                     | must be a JSON object
        """)
    void parseSubmission_invalidField_namesFieldAndProblem(String name, String body, String field, String problem) {
        InvalidOrderException e = assertThrows(InvalidOrderException.class, () -> parse(body));

        assertEquals(InvalidOrderException.INVALID_ORDER, e.code());
        assertEquals(List.of(new Problem(field, problem)), e.problems());
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
        return OrderJson.parseSubmission(body.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = OrderJsonTest.class.getResourceAsStream("/orders/" + name)) {
            return in.readAllBytes();
        }
    }
}
