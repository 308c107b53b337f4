package org.vectorgrad.nn;

import java.math.BigDecimal;

/** Formatting of module arguments as Python prints them in {@code extra_repr}. */
final class Repr {
    private Repr() {
    }

    /** A float as Python's {@code repr}: {@code 0.5}, {@code 1.0}, {@code 0.0001}, {@code 1e-05}, {@code 2.5e-07}. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0.0" : "0.0";
        }
        // Java's Double.toString gives the shortest round-tripping digits, as Python's repr does; only the layout
        // differs: Python writes plain decimals for exponents -4..15 and otherwise e-notation with 2+ digits.
        BigDecimal d = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        int exponent = d.precision() - d.scale() - 1;
        if (exponent >= -4 && exponent < 16) {
            String plain = d.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String digits = d.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (value < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                + String.format(java.util.Locale.ROOT, "%02d", Math.abs(exponent));
    }

    /** A shape as Python prints a tuple: {@code (4,)}, {@code (4, 5)}. */
    static String tuple(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }
}
