package io.flashorders.core.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.flashorders.core.json.InvalidOrderException;
import io.flashorders.core.json.OrderJson;
import io.flashorders.core.money.OrderLimits;
import io.flashorders.core.order.NewOrder;
import io.flashorders.core.store.Channel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdempotencyKeysTest {

    @Test
    void check_noHeader_isEmpty() {
        assertEquals(Optional.empty(), IdempotencyKeys.check(null));
    }

    @Test
    void check_uuid_isTheKey() {
        assertEquals(Optional.of("0b4c6f8e-6a0e-4c3b-9d7e-3f1f2a9c0d11"), IdempotencyKeys.check("0b4c6f8e-6a0e-4c3b-9d7e-3f1f2a9c0d11"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "tab\there", "caf\u00e9"})
    void check_badKey_isInvalidWithItsOwnCode(String key) {
        InvalidOrderException e = assertThrows(InvalidOrderException.class, () -> IdempotencyKeys.check(key));
        assertEquals(IdempotencyKeys.INVALID, e.code());
        assertEquals("Idempotency-Key", e.problems().get(0).field());
    }

    @Test
    void check_256Characters_isInvalid() {
        assertEquals(Optional.of("k".repeat(255)), IdempotencyKeys.check("k".repeat(255)));
        assertThrows(InvalidOrderException.class, () -> IdempotencyKeys.check("k".repeat(256)));
    }

    @Test
    void fingerprint_sameOrderWrittenDifferently_isTheSame() {
        NewOrder a = parse("{\"customer_id\":1,\"items\":[{\"product_id\":\"a\",\"quantity\":1,\"price\":2.50}]}");
        NewOrder b = parse("{ \"items\" : [ {\"price\":2.50, \"quantity\":1, \"product_id\":\"a\"} ], \"customer_id\" : 1, \"status\":\"completed\" }");

        assertEquals(RequestFingerprint.of(Channel.ASYNC, a), RequestFingerprint.of(Channel.ASYNC, b));
    }

    @Test
    void fingerprint_otherQuantityOrEndpoint_differs() {
        NewOrder a = parse("{\"customer_id\":1,\"items\":[{\"product_id\":\"a\",\"quantity\":1,\"price\":2.50}]}");
        NewOrder b = parse("{\"customer_id\":1,\"items\":[{\"product_id\":\"a\",\"quantity\":2,\"price\":2.50}]}");

        assertNotEquals(RequestFingerprint.of(Channel.ASYNC, a), RequestFingerprint.of(Channel.ASYNC, b));
        assertNotEquals(RequestFingerprint.of(Channel.ASYNC, a), RequestFingerprint.of(Channel.SYNC, a));
    }

    private static NewOrder parse(String json) {
        return OrderJson.parseSubmission(json.getBytes(StandardCharsets.UTF_8), OrderLimits.defaults());
    }
}
