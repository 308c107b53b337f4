package org.vectorgrad.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parsesEveryKindOfValue() {
        Object v = Json.parse(" {\"a\": [1, -2.5e3, true, false, null, \"x\\n\\u00e9\\\"\"], \"b\": {}, \"c\": [],"
                + " \"big\": 18446744073709551615, \"n\": NaN, \"i\": -Infinity} ");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of("a", "b", "c", "big", "n", "i"), List.copyOf(m.keySet()));
        assertEquals(Arrays.asList(1L, -2500.0, true, false, null, "x\né\""), m.get("a"));
        assertEquals(Map.of(), m.get("b"));
        assertEquals(new BigInteger("18446744073709551615"), m.get("big"));
        assertTrue(Double.isNaN((Double) m.get("n")));
        assertEquals(Double.NEGATIVE_INFINITY, m.get("i"));
    }

    @Test
    void rejectsMalformedInputWithTheOffset() {
        assertEquals("duplicate key \"a\" at offset 8", error("{\"a\":1, \"a\":2}"));
        assertEquals("unexpected text after the value at offset 3", error("{} x"));
        assertEquals("unterminated string at offset 4", error("\"abc"));
        assertEquals("invalid number at offset 2", error("01"));
        assertEquals("expected a string key at offset 1", error("{1:2}"));
        assertEquals("control character in string at offset 1", error("\"\n\""));
        assertEquals("nesting deeper than 64 at offset 64", error("[".repeat(65) + "]".repeat(65)));
        assertEquals("unexpected end of input at offset 0", error(""));
        assertEquals("invalid number at offset 2", error("1."));
    }

    static String error(String json) {
        return assertThrows(IllegalArgumentException.class, () -> Json.parse(json)).getMessage();
    }

    @Test
    void writesCompactlyLikeSerdeJson() {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a\"b\\c\n\u0001é");
        m.put("l", List.of(1, 2.5, true));
        m.put("shape", new int[]{2, 3});
        m.put("offsets", new long[]{0, 24});
        m.put("nothing", null);
        assertEquals("{\"s\":\"a\\\"b\\\\c\\n\\u0001é\",\"l\":[1,2.5,true],\"shape\":[2,3],\"offsets\":[0,24],"
                + "\"nothing\":null}", Json.write(m));
    }

    @Property(tries = 200)
    void doublesRoundTripExactly(@ForAll double d) {
        Object back = Json.parse(Json.write(List.of(d)));
        double r = (Double) ((List<?>) back).getFirst();
        assertEquals(Double.doubleToLongBits(d), Double.doubleToLongBits(r));
    }

    @Property(tries = 200)
    void stringsRoundTrip(@ForAll String s) {
        assertEquals(s, Json.parse(Json.write(s)));
    }
}
