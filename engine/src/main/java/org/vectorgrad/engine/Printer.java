package org.vectorgrad.engine;

/** Formats arrays as PyTorch prints tensors: {@code tensor([[1.0000, 2.5000], ...])}, summarised when large. */
final class Printer {
    private static final int THRESHOLD = 1000;
    private static final int EDGE = 3;

    private Printer() {
    }

    static String format(NDArray a) {
        boolean summarize = a.numel() > THRESHOLD;
        Formatter f = Formatter.of(a);
        StringBuilder sb = new StringBuilder("tensor(");
        if (a.numel() == 0 && a.dim() == 1) {
            sb.append("[]");
        } else {
            appendDim(sb, a, new int[a.dim()], 0, f, summarize, 7);
        }
        if (a.numel() == 0 && a.dim() != 1) {
            sb.append(", size=").append(Shapes.format(a.shape()));
        }
        if (a.dtype() != DType.FLOAT32 && a.dtype() != DType.INT64 && a.dtype() != DType.BOOL) {
            sb.append(", dtype=").append(a.dtype().torchName());
        }
        return sb.append(')').toString();
    }

    private static void appendDim(StringBuilder sb, NDArray a, int[] index, int d, Formatter f, boolean summarize,
            int indent) {
        if (d == a.dim()) {
            sb.append(f.format(a.getDouble(index)));
            return;
        }
        int size = a.size(d);
        sb.append('[');
        boolean last = d == a.dim() - 1;
        for (int i = 0; i < size; i++) {
            if (summarize && size > 2 * EDGE && i == EDGE) {
                sb.append(last ? "..., " : "...,\n" + " ".repeat(indent + 1) + "\n".repeat(0));
                i = size - EDGE;
            }
            index[d] = i;
            appendDim(sb, a, index, d + 1, f, summarize, indent + 1);
            if (i < size - 1) {
                sb.append(last ? ", " : ",\n" + "\n".repeat(a.dim() - d - 2) + " ".repeat(indent + 1));
            }
        }
        sb.append(']');
    }

    /** One number format for the whole array, as PyTorch's {@code _Formatter}: aligned widths. */
    private record Formatter(DType type, boolean integral, boolean sci, int width) {
        static Formatter of(NDArray a) {
            DType t = a.dtype();
            if (t == DType.BOOL || !t.isFloatingPoint() || a.numel() == 0) {
                int w = 1;
                if (t == DType.BOOL) {
                    w = a.numel() > 0 && !allTrue(a) ? 5 : 4;
                } else if (a.numel() > 0) {
                    for (long v : a.toLongArray()) {
                        w = Math.max(w, Long.toString(v).length());
                    }
                }
                return new Formatter(t, true, false, w);
            }
            double[] values = a.toDoubleArray();
            boolean integral = true;
            double maxAbs = 0;
            double minAbs = Double.MAX_VALUE;
            for (double v : values) {
                if (Double.isFinite(v)) {
                    integral &= v == Math.rint(v);
                    maxAbs = Math.max(maxAbs, Math.abs(v));
                    if (v != 0) {
                        minAbs = Math.min(minAbs, Math.abs(v));
                    }
                }
            }
            boolean sci = maxAbs > 1e8 || (minAbs != Double.MAX_VALUE && (maxAbs / minAbs > 1000 || minAbs < 1e-4)
                    && !integral);
            Formatter probe = new Formatter(t, integral, sci, 0);
            int w = 1;
            for (double v : values) {
                w = Math.max(w, probe.format(v).length());
            }
            return new Formatter(t, integral, sci, w);
        }

        private static boolean allTrue(NDArray a) {
            for (boolean b : a.toBooleanArray()) {
                if (!b) {
                    return false;
                }
            }
            return true;
        }

        String format(double v) {
            String s;
            if (type == DType.BOOL) {
                s = v != 0 ? "True" : "False";
            } else if (!type.isFloatingPoint()) {
                s = Long.toString((long) v);
            } else if (Double.isNaN(v)) {
                s = "nan";
            } else if (Double.isInfinite(v)) {
                s = v > 0 ? "inf" : "-inf";
            } else if (sci) {
                s = String.format("%.4e", v).replace("e+", "e+").replaceAll("e([+-])(\\d)$", "e$10$2");
            } else if (integral) {
                s = String.format("%.0f.", v);
            } else {
                s = String.format("%.4f", v);
            }
            return " ".repeat(Math.max(0, width - s.length())) + s;
        }
    }
}
