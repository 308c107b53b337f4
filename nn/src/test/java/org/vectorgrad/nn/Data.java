package org.vectorgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.vectorgrad.autograd.GradCheck;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.Shapes;

/**
 * Test inputs that PyTorch can rebuild exactly ({@code src/test/python/torch_reference.py} prints the expected
 * values) and the checks every layer test shares.
 */
final class Data {
    private Data() {
    }

    /** float64 {@code scale * sin(a * i + b)} for i = 0, 1, ... in row-major order: the script's {@code seq}. */
    static Tensor seq(int[] shape, double a, double b, double scale) {
        double[] v = new double[(int) Shapes.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = scale * Math.sin(a * i + b);
        }
        return Tensor.tensor(v, shape);
    }

    static Tensor seq(int[] shape, double a, double b) {
        return seq(shape, a, b, 1.0);
    }

    static int[] shape(int... dims) {
        return dims;
    }

    /** Compares shape and values with a relative-and-absolute tolerance of {@code tol}. */
    static void assertValues(int[] expectedShape, double[] expected, Tensor actual, double tol) {
        assertArrayEquals(expectedShape, actual.shape(), "shape");
        double[] got = actual.toDoubleArray();
        assertEquals(expected.length, got.length, "numel");
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            if (!(Math.abs(got[i] - e) <= tol * (1 + Math.abs(e)) || (Double.isNaN(e) && Double.isNaN(got[i])))) {
                throw new AssertionError("element " + i + ": expected " + e + " but was " + got[i] + "\nexpected "
                        + java.util.Arrays.toString(expected) + "\nactual   " + java.util.Arrays.toString(got));
            }
        }
    }

    static void assertValues(double[] expected, Tensor actual) {
        assertValues(actual.shape(), expected, actual, 1e-12);
    }

    static void assertScalar(double expected, Tensor actual) {
        assertValues(new int[0], new double[]{expected}, actual, 1e-12);
    }

    /**
     * Moves {@code module} to float64 and gradchecks {@code fn} with respect to the input and every parameter
     * (PyTorch's tolerances). The parameters are passed as extra gradcheck inputs so that their finite
     * differences perturb the module's own storage.
     */
    static void gradcheckModule(Module module, Function<Tensor, Tensor> fn, Tensor input) {
        module.to(DType.FLOAT64);
        List<Tensor> inputs = new ArrayList<>();
        inputs.add(input);
        inputs.addAll(module.parameters());
        GradCheck.gradcheck(xs -> fn.apply(xs[0]), inputs.toArray(Tensor[]::new));
    }

    /** A float64 leaf requiring grad. */
    static Tensor leaf(Tensor t) {
        return t.detach().to(DType.FLOAT64).requiresGrad(true);
    }
}
