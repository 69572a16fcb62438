package io.flashorders.liberty.errors;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PercentEncodingTest {

    @ParameterizedTest
    @ValueSource(strings = {"/orders/%zz", "/%", "/orders/%4", "/orders/%4g", "/a%20b/%", "/%%41", "/%G0"})
    void aBrokenEscape_isMalformed(String uri) {
        assertFalse(PercentEncoding.isWellFormed(uri));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/orders/async", "/orders/a%20b", "/%41%42", "/%e2%82%AC", "/sales/x%2Fy", ""})
    void everyEscapeTwoHexDigits_isWellFormed(String uri) {
        assertTrue(PercentEncoding.isWellFormed(uri));
    }
}
