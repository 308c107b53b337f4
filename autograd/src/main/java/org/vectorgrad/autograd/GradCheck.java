package org.vectorgrad.autograd;

import java.util.Arrays;
import java.util.function.Function;
import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.Generator;

/**
 * PyTorch's {@code gradcheck} and {@code gradgradcheck}: compares the analytical Jacobian from backward with
 * central finite differences. Use float64 inputs; defaults are PyTorch's (eps 1e-6, atol 1e-5, rtol 1e-3).
 * A mismatch throws {@link GradcheckError} naming the output and input with both Jacobians.
 */
public final class GradCheck {
    public static final double EPS = 1e-6;
    public static final double ATOL = 1e-5;
    public static final double RTOL = 1e-3;

    /** The failure of a gradient check, PyTorch's {@code GradcheckError}. */
    public static final class GradcheckError extends AssertionError {
        GradcheckError(String message) {
            super(message);
        }
    }

    private GradCheck() {
    }

    /** Checks {@code fn}'s gradients at {@code inputs} (those requiring grad) with default tolerances. */
    public static boolean gradcheck(Function<Tensor[], Tensor> fn, Tensor... inputs) {
        return gradcheck(fn, EPS, ATOL, RTOL, inputs);
    }

    /** Checks with explicit tolerances; returns true or throws {@link GradcheckError}. */
    public static boolean gradcheck(Function<Tensor[], Tensor> fn, double eps, double atol, double rtol,
            Tensor... inputs) {
        Tensor output;
        try (var g = GradMode.set(true)) {
            output = fn.apply(inputs);
        }
        int outSize = (int) output.numel();
        for (int j = 0; j < inputs.length; j++) {
            if (inputs[j] == null || !inputs[j].requiresGrad()) {
                continue;
            }
            double[][] numerical = numericalJacobian(fn, inputs, j, outSize, eps);
            double[][] analytical = analyticalJacobian(fn, inputs, j, outSize);
            for (int r = 0; r < numerical.length; r++) {
                for (int c = 0; c < outSize; c++) {
                    double n = numerical[r][c];
                    double a = analytical[r][c];
                    if (!(Math.abs(a - n) <= atol + rtol * Math.abs(n))) {
                        throw new GradcheckError("Jacobian mismatch for output 0 with respect to input " + j + ",\n"
                                + "numerical:" + format(numerical) + "\nanalytical:" + format(analytical) + "\n");
                    }
                }
            }
        }
        return true;
    }

    /**
     * Checks second derivatives: the gradient of {@code fn} (taken with {@code createGraph}) against random output
     * gradients must itself pass {@link #gradcheck}.
     */
    public static boolean gradgradcheck(Function<Tensor[], Tensor> fn, Tensor... inputs) {
        Tensor out;
        try (var g = GradMode.set(true)) {
            out = fn.apply(inputs);
        }
        Tensor v = Tensor.randn(new Generator(1234), DType.FLOAT64, out.shape()).requiresGrad(true);
        int n = inputs.length;
        for (int i = 0; i < n; i++) {
            if (inputs[i] == null || !inputs[i].requiresGrad()) {
                continue;
            }
            final int which = i;
            Function<Tensor[], Tensor> firstOrder = args -> {
                Tensor[] xs = Arrays.copyOf(args, n);
                Tensor y = fn.apply(xs);
                Tensor[] grads = Autograd.grad(new Tensor[]{y}, differentiable(xs), new Tensor[]{args[n]}, true, true, true);
                Tensor gi = grads[indexAmongDifferentiable(xs, which)];
                return gi == null ? Tensor.zerosLike(xs[which]).requiresGrad(false) : gi;
            };
            Tensor[] extended = Arrays.copyOf(inputs, n + 1);
            extended[n] = v;
            gradcheck(firstOrder, extended);
        }
        return true;
    }

    private static Tensor[] differentiable(Tensor[] xs) {
        return Arrays.stream(xs).filter(t -> t != null && t.requiresGrad()).toArray(Tensor[]::new);
    }

    private static int indexAmongDifferentiable(Tensor[] xs, int which) {
        int k = 0;
        for (int i = 0; i < which; i++) {
            if (xs[i] != null && xs[i].requiresGrad()) {
                k++;
            }
        }
        return k;
    }

    /** Row r: d(output)/d(input element r), by central differences. */
    private static double[][] numericalJacobian(Function<Tensor[], Tensor> fn, Tensor[] inputs, int j, int outSize,
            double eps) {
        Tensor x = inputs[j];
        int size = (int) x.numel();
        double[][] jac = new double[size][outSize];
        int[] shape = x.shape();
        // Grad mode stays on: the function may itself differentiate (gradgradcheck's first-order function).
        {
            for (int r = 0; r < size; r++) {
                int[] index = unravel(r, shape);
                double original = x.ndarray().getDouble(index);
                x.ndarray().set(original + eps, index);
                double[] plus = fn.apply(inputs).toDoubleArray();
                x.ndarray().set(original - eps, index);
                double[] minus = fn.apply(inputs).toDoubleArray();
                x.ndarray().set(original, index);
                for (int c = 0; c < outSize; c++) {
                    jac[r][c] = (plus[c] - minus[c]) / (2 * eps);
                }
            }
        }
        return jac;
    }

    /** Row r: the analytical d(output c)/d(input element r), one backward per output element. */
    private static double[][] analyticalJacobian(Function<Tensor[], Tensor> fn, Tensor[] inputs, int j, int outSize) {
        int size = (int) inputs[j].numel();
        double[][] jac = new double[size][outSize];
        for (int c = 0; c < outSize; c++) {
            Tensor out;
            try (var g = GradMode.set(true)) {
                out = fn.apply(inputs);
            }
            if (!out.requiresGrad()) {
                continue; // output independent of every input: all-zero Jacobian
            }
            Tensor seed = Tensor.zeros(out.dtype(), out.shape());
            seed.ndarray().set(1.0, unravel(c, out.shape()));
            Tensor[] grads = Autograd.grad(new Tensor[]{out}, new Tensor[]{inputs[j]}, new Tensor[]{seed}, false, false, true);
            if (grads[0] != null) {
                double[] col = grads[0].toDoubleArray();
                for (int r = 0; r < size; r++) {
                    jac[r][c] = col[r];
                }
            }
        }
        return jac;
    }

    static int[] unravel(int linear, int[] shape) {
        int[] index = new int[shape.length];
        int rem = linear;
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = rem % shape[d];
            rem /= shape[d];
        }
        return index;
    }

    private static String format(double[][] m) {
        StringBuilder sb = new StringBuilder();
        for (double[] row : m) {
            sb.append("\n").append(Arrays.toString(row));
        }
        return sb.toString();
    }
}
