package org.vectorgrad.optim;

import java.math.BigDecimal;

/** Formatting numbers as Python prints them, so that error messages read exactly like PyTorch's. */
final class Py {
    private Py() {
    }

    /**
     * Python's {@code repr(float)}: the shortest digits that round-trip (Java's {@code Double.toString} finds the
     * same), in fixed notation for decimal exponents -4..15 and {@code 1e-08} style otherwise.
     */
    static String repr(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return 1 / v < 0 ? "-0.0" : "0.0";
        }
        BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
        String digits = d.unscaledValue().toString();
        int exp = digits.length() - 1 - d.scale();
        String sign = v < 0 ? "-" : "";
        if (exp < -4 || exp >= 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            int e = Math.abs(exp);
            return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (e < 10 ? "0" : "") + e;
        }
        if (exp >= digits.length() - 1) {
            return sign + digits + "0".repeat(exp - digits.length() + 1) + ".0";
        }
        if (exp >= 0) {
            return sign + digits.substring(0, exp + 1) + "." + digits.substring(exp + 1);
        }
        return sign + "0." + "0".repeat(-exp - 1) + digits;
    }

    /** Throws {@link IllegalArgumentException} with {@code message} unless {@code ok}. */
    static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
