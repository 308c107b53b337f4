package org.vectorgrad.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed and validated JSON header of a safetensors file. Validation follows the Rust crate: every tensor's
 * dtype is known, its shape and byte range agree, and the byte ranges, sorted, tile the data section exactly from
 * 0 to its end (no gap, no overlap, nothing past the end, nothing left over). Messages name the file.
 */
record SafeTensorsHeader(List<Entry> entries, Map<String, String> metadata) {
    /** One tensor: name, dtype, shape and its byte range in the data section. */
    record Entry(String name, SafeDType dtype, int[] shape, long begin, long end) {
        long numel() {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }
    }

    static SafeTensorsHeader parse(String file, String json, long dataBytes) {
        Object root;
        try {
            root = Json.parse(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": header is not valid JSON: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(file + ": header is not a JSON object");
        }
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals("__metadata__")) {
                metadata = metadata(file, e.getValue());
            } else {
                entries.add(entry(file, name, e.getValue()));
            }
        }
        validate(file, entries, dataBytes);
        return new SafeTensorsHeader(List.copyOf(entries), metadata);
    }

    private static Map<String, String> metadata(String file, Object value) {
        if (!(value instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(file + ": __metadata__ is not a JSON object of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new IllegalArgumentException(file + ": __metadata__ value of \"" + e.getKey() + "\" is not a string");
            }
            out.put((String) e.getKey(), s);
        }
        return out;
    }

    private static Entry entry(String file, String name, Object value) {
        String where = file + ": tensor '" + name + "'";
        if (!(value instanceof Map<?, ?> info)) {
            throw new IllegalArgumentException(where + " is not described by a JSON object");
        }
        if (!(info.get("dtype") instanceof String dtypeName)) {
            throw new IllegalArgumentException(where + " has no dtype");
        }
        SafeDType dtype;
        try {
            dtype = SafeDType.valueOf(dtypeName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + (SafeDType.UNSUPPORTED.contains(dtypeName)
                    ? " has dtype " + dtypeName + ", which is not supported" : " has unknown dtype '" + dtypeName + "'"));
        }
        if (!(info.get("shape") instanceof List<?> shapeList)) {
            throw new IllegalArgumentException(where + " has no shape");
        }
        int[] shape = new int[shapeList.size()];
        for (int i = 0; i < shape.length; i++) {
            long d = nonNegative(shapeList.get(i));
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(where + " has shape " + shapeList + " with a dimension that is not an "
                        + "integer in [0, " + Integer.MAX_VALUE + "]");
            }
            shape[i] = (int) d;
        }
        if (!(info.get("data_offsets") instanceof List<?> offsets) || offsets.size() != 2) {
            throw new IllegalArgumentException(where + " has no data_offsets [begin, end]");
        }
        long begin = nonNegative(offsets.get(0));
        long end = nonNegative(offsets.get(1));
        if (begin < 0 || end < 0) {
            throw new IllegalArgumentException(where + " has data_offsets " + offsets + " that are not integers in [0, 2^63)");
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    /** A non-negative integer that fits a long, or -1. */
    private static long nonNegative(Object o) {
        return o instanceof Long l && l >= 0 ? l : -1;
    }

    private static void validate(String file, List<Entry> entries, long dataBytes) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        Entry previous = null;
        for (Entry e : sorted) {
            String where = file + ": tensor '" + e.name() + "' has data_offsets [" + e.begin() + ", " + e.end() + "]";
            if (e.end() < e.begin()) {
                throw new IllegalArgumentException(where + ": the end comes before the beginning");
            }
            if (e.begin() < expected) {
                throw new IllegalArgumentException(where + ", which overlap tensor '" + previous.name() + "' (bytes "
                        + previous.begin() + " to " + previous.end() + ")");
            }
            if (e.begin() > expected) {
                throw new IllegalArgumentException(where + ", which leave bytes " + expected + " to " + e.begin()
                        + " of the data section unused");
            }
            if (e.end() > dataBytes) {
                throw new IllegalArgumentException(where + ", beyond the end of the data section (" + dataBytes
                        + " bytes)");
            }
            long bytes;
            try {
                long n = 1;
                for (int d : e.shape()) {
                    n = Math.multiplyExact(n, d);
                }
                bytes = Math.multiplyExact(n, e.dtype().byteSize);
            } catch (ArithmeticException overflow) {
                bytes = -1;
            }
            if (bytes != e.end() - e.begin()) {
                throw new IllegalArgumentException(file + ": tensor '" + e.name() + "' of dtype " + e.dtype() + " and shape "
                        + Arrays.toString(e.shape()) + " needs " + (bytes < 0 ? "more than 2^63" : Long.toString(bytes))
                        + " bytes, but its data_offsets [" + e.begin() + ", " + e.end() + "] hold " + (e.end() - e.begin()));
            }
            expected = e.end();
            previous = e;
        }
        if (expected != dataBytes) {
            throw new IllegalArgumentException(file + ": the tensors cover " + expected + " bytes of the " + dataBytes
                    + "-byte data section; the rest is unaccounted for");
        }
    }
}
