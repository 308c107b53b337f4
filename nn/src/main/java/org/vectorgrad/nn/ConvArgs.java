package org.vectorgrad.nn;

/** Size arguments of the conv and pooling layers as PyTorch takes and prints them: one int, or an (h, w) tuple. */
final class ConvArgs {
    private ConvArgs() {
    }

    /** PyTorch's {@code _pair}: one value becomes {@code [v, v]}; two are copied; anything else is an error. */
    static int[] pair(String name, int[] values) {
        if (values == null || (values.length != 1 && values.length != 2)) {
            throw new IllegalArgumentException(name + " must be a single int or a tuple of two ints, got "
                    + (values == null ? "None" : java.util.Arrays.toString(values)));
        }
        return values.length == 1 ? new int[]{values[0], values[0]} : values.clone();
    }

    /** A pair as a Python tuple: {@code (5, 5)}. */
    static String tuple(int[] pair) {
        return "(" + pair[0] + ", " + pair[1] + ")";
    }

    /** As given: {@code 2} for one value, {@code (2, 3)} for two. */
    static String asGiven(int[] values) {
        return values.length == 1 ? Integer.toString(values[0]) : tuple(values);
    }

    /** PyTorch's Python booleans. */
    static String bool(boolean b) {
        return b ? "True" : "False";
    }
}
