package io.flashorders.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.flashorders.it.support.OrderJsonReader;
import io.flashorders.it.support.SaleApi;
import io.flashorders.it.support.TestSystem;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every sale endpoint refuses bad input with its own 4xx and a JSON error, and changes nothing: after the whole corpus
 * the sale still has every unit, and its audit trail holds only its opening.
 */
class SaleBadInputIT {

    private static final SaleApi SALES = TestSystem.sales();
    private static final String SALE = "bad-input-" + UUID.randomUUID();
    private static final String NEW_SALE = "{\"sale_id\":\"never-opened\",\"product_id\":\"p\",\"stock\":5,\"price\":10,"
            + "\"currency\":\"EUR\",\"ends_at\":\"2099-01-01T00:00:00Z\"}";

    @BeforeAll
    static void systemUp() {
        TestSystem.awaitReadyAndIdle();
        SALES.open(SALE, 5, 2, 1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        open without a token     | POST | /admin/sales | application/json | NEW_SALE | none  | 401 | unauthorized
        open with a wrong token  | POST | /admin/sales | application/json | NEW_SALE | wrong | 403 | forbidden
        open malformed JSON      | POST | /admin/sales | application/json | {"stock": | admin | 400 | malformed_json
        open empty body          | POST | /admin/sales | application/json | - | admin | 400 | malformed_json
        open not an object       | POST | /admin/sales | application/json | [1] | admin | 400 | invalid_sale
        open missing fields      | POST | /admin/sales | application/json | {"sale_id":"never-opened"} | admin | 400 | invalid_sale
        open zero stock          | POST | /admin/sales | application/json | {"sale_id":"never-opened","product_id":"p","stock":0,"price":1,"currency":"EUR","ends_at":"2099-01-01T00:00:00Z"} | admin | 400 | invalid_sale
        open bad currency        | POST | /admin/sales | application/json | {"sale_id":"never-opened","product_id":"p","stock":1,"price":1,"currency":"euro","ends_at":"2099-01-01T00:00:00Z"} | admin | 400 | invalid_sale
        open too many decimals   | POST | /admin/sales | application/json | {"sale_id":"never-opened","product_id":"p","stock":1,"price":1.001,"currency":"EUR","ends_at":"2099-01-01T00:00:00Z"} | admin | 400 | invalid_sale
        open ends before start   | POST | /admin/sales | application/json | {"sale_id":"never-opened","product_id":"p","stock":1,"price":1,"currency":"EUR","starts_at":"2099-01-02T00:00:00Z","ends_at":"2099-01-01T00:00:00Z"} | admin | 400 | invalid_sale
        open bad sale id         | POST | /admin/sales | application/json | {"sale_id":"a/b","product_id":"p","stock":1,"price":1,"currency":"EUR","ends_at":"2099-01-01T00:00:00Z"} | admin | 400 | invalid_sale
        open as plain text       | POST | /admin/sales | text/plain | NEW_SALE | admin | 415 | unsupported_media_type
        open an existing sale    | POST | /admin/sales | application/json | EXISTING | admin | 409 | sale_exists
        close without a token    | POST | /admin/sales/SALE/close | - | - | none | 401 | unauthorized
        close an unknown sale    | POST | /admin/sales/no-such-sale/close | - | - | admin | 404 | sale_not_found
        audit without a token    | GET  | /admin/sales/SALE/audit | - | - | none | 401 | unauthorized
        audit limit zero         | GET  | /admin/sales/SALE/audit?limit=0 | - | - | admin | 400 | invalid_query
        audit limit not a number | GET  | /admin/sales/SALE/audit?limit=ten | - | - | admin | 400 | invalid_query
        audit bad after          | GET  | /admin/sales/SALE/audit?after=x | - | - | admin | 400 | invalid_query
        audit unknown sale       | GET  | /admin/sales/no-such-sale/audit | - | - | admin | 404 | sale_not_found
        availability unknown     | GET  | /sales/no-such-sale | - | - | none | 404 | sale_not_found
        availability bad id      | GET  | /sales/a%20b | - | - | none | 404 | sale_not_found
        availability wrong verb  | PUT  | /sales/SALE | application/json | {} | none | 405 | method_not_allowed
        reserve malformed JSON   | POST | /sales/SALE/reservations | application/json | {"customer_id": | none | 400 | malformed_json
        reserve empty body       | POST | /sales/SALE/reservations | application/json | - | none | 400 | malformed_json
        reserve no customer      | POST | /sales/SALE/reservations | application/json | {} | none | 400 | invalid_reservation
        reserve customer string  | POST | /sales/SALE/reservations | application/json | {"customer_id":"7"} | none | 400 | invalid_reservation
        reserve customer zero    | POST | /sales/SALE/reservations | application/json | {"customer_id":0} | none | 400 | invalid_reservation
        reserve customer huge    | POST | /sales/SALE/reservations | application/json | {"customer_id":99999999999999999999} | none | 400 | invalid_reservation
        reserve as plain text    | POST | /sales/SALE/reservations | text/plain | {"customer_id":7} | none | 415 | unsupported_media_type
        reserve unknown sale     | POST | /sales/no-such-sale/reservations | application/json | {"customer_id":7} | none | 404 | sale_not_found
        reserve bad key          | POST | /sales/SALE/reservations | application/json | {"customer_id":7} | longkey | 400 | invalid_idempotency_key
        reservation unknown      | GET  | /sales/SALE/reservations/no-such-reservation | - | - | none | 404 | reservation_not_found
        cancel unknown           | DELETE | /sales/SALE/reservations/no-such-reservation | - | - | none | 404 | reservation_not_found
        checkout unknown         | POST | /sales/SALE/reservations/no-such-reservation/checkout | - | - | none | 404 | reservation_not_found
        checkout wrong verb      | GET  | /sales/SALE/reservations/no-such-reservation/checkout | - | - | none | 405 | method_not_allowed
        """)
    void badRequest_getsItsJsonErrorAndChangesNothing(String name, String method, String path, String contentType,
                                                      String body, String auth, int status, String error) {
        String realBody = body == null ? null : body.replace("NEW_SALE", NEW_SALE)
                .replace("EXISTING", NEW_SALE.replace("never-opened", SALE));
        String realPath = path.replace("SALE", SALE);
        HttpResponse<String> response = switch (auth) {
            case "admin" -> SALES.admin(method, realPath, contentType, realBody);
            case "wrong" -> SALES.customer(method, realPath, contentType, realBody, "Authorization", "Bearer not-the-token");
            case "longkey" -> SALES.customer(method, realPath, contentType, realBody, "Idempotency-Key", "k".repeat(256));
            default -> SALES.customer(method, realPath, contentType, realBody);
        };
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                response.headers().toString());
        assertEquals(error, OrderJsonReader.read(response.body()).get("error").asText(), response.body());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        open                | POST | /admin/sales
        reserve             | POST | /sales/SALE/reservations
        """)
    void bodyOverTheSizeLimit_gets413(String name, String method, String path) {
        String body = "{\"customer_id\":7,\"note\":\"" + "x".repeat(16_384) + "\"}";
        HttpResponse<String> response = SALES.admin(method, path.replace("SALE", SALE), "application/json", body);
        assertEquals(413, response.statusCode(), response.body());
        assertEquals("request_entity_too_large", OrderJsonReader.read(response.body()).get("error").asText());
    }

    @AfterAll
    static void nothingChanged() {
        JsonNode sale = OrderJsonReader.read(SALES.availability(SALE).body());
        assertEquals(5, sale.get("available").asInt(), sale.toString());
        assertEquals("open", sale.get("state").asText(), "not closed");
        JsonNode events = OrderJsonReader.read(SALES.audit(SALE).body()).get("events");
        assertEquals(1, events.size(), events.toString());
        assertEquals("sale_opened", events.get(0).get("type").asText());
        assertEquals(404, SALES.availability("never-opened").statusCode());
    }
}
