package org.vectorgrad.autograd;

import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.Generator;
import java.util.ArrayList;
import java.util.List;
import org.vectorgrad.autograd.ops.Indexing;
import org.vectorgrad.engine.NDArrays;

/**
 * PyTorch's tensor factories ({@code torch.tensor}, {@code zeros}, {@code randn}, ...), inherited as statics by
 * {@link Tensor}: call them as {@code Tensor.randn(2, 3)}. Every result is a leaf that does not require grad.
 */
public abstract class TensorFactories {
    TensorFactories() {
    }

    /** A float32 tensor holding a copy of {@code data}, 1-d unless a shape is given. */
    public static Tensor tensor(float[] data, int... shape) {
        return Tensor.wrap(NDArrays.of(data, shape));
    }

    /** A float64 tensor. */
    public static Tensor tensor(double[] data, int... shape) {
        return Tensor.wrap(NDArrays.of(data, shape));
    }

    /** An int64 tensor. */
    public static Tensor tensor(long[] data, int... shape) {
        return Tensor.wrap(NDArrays.of(data, shape));
    }

    /** An int32 tensor. */
    public static Tensor tensor(int[] data, int... shape) {
        return Tensor.wrap(NDArrays.of(data, shape));
    }

    /** A bool tensor. */
    public static Tensor tensor(boolean[] data, int... shape) {
        return Tensor.wrap(NDArrays.of(data, shape));
    }

    /** A 2-d float32 tensor from rows. */
    public static Tensor tensor(float[][] rows) {
        return Tensor.wrap(NDArrays.of(rows));
    }

    /** A 0-d float32 tensor, as {@code torch.tensor(2.5)}. */
    public static Tensor scalar(double value) {
        return Tensor.wrap(NDArrays.scalar(value));
    }

    public static Tensor scalar(DType dtype, double value) {
        return Tensor.wrap(NDArrays.scalar(dtype, value));
    }

    public static Tensor zeros(int... shape) {
        return Tensor.wrap(NDArrays.zeros(shape));
    }

    public static Tensor zeros(DType dtype, int... shape) {
        return Tensor.wrap(NDArrays.zeros(dtype, shape));
    }

    public static Tensor ones(int... shape) {
        return Tensor.wrap(NDArrays.ones(shape));
    }

    public static Tensor ones(DType dtype, int... shape) {
        return Tensor.wrap(NDArrays.ones(dtype, shape));
    }

    public static Tensor full(double value, int... shape) {
        return Tensor.wrap(NDArrays.full(value, shape));
    }

    public static Tensor full(DType dtype, double value, int... shape) {
        return Tensor.wrap(NDArrays.full(dtype, value, shape));
    }

    /** Uninitialised (float32). */
    public static Tensor empty(int... shape) {
        return Tensor.wrap(NDArrays.empty(shape));
    }

    public static Tensor zerosLike(Tensor t) {
        return zeros(t.dtype(), t.shape());
    }

    public static Tensor onesLike(Tensor t) {
        return ones(t.dtype(), t.shape());
    }

    /** Standard normal float32 from the default generator. */
    public static Tensor randn(int... shape) {
        return Tensor.wrap(NDArrays.randn(shape));
    }

    public static Tensor randn(Generator g, DType dtype, int... shape) {
        return Tensor.wrap(NDArrays.randn(g, dtype, shape));
    }

    public static Tensor randnLike(Tensor t) {
        return randn(Generator.defaultGenerator(), t.dtype(), t.shape());
    }

    /** Uniform [0, 1) float32. */
    public static Tensor rand(int... shape) {
        return Tensor.wrap(NDArrays.rand(shape));
    }

    public static Tensor rand(Generator g, DType dtype, int... shape) {
        return Tensor.wrap(NDArrays.rand(g, dtype, shape));
    }

    /** Uniform int64 in {@code [low, high)}. */
    public static Tensor randint(long low, long high, int... shape) {
        return Tensor.wrap(NDArrays.randint(low, high, shape));
    }

    public static Tensor randperm(int n) {
        return Tensor.wrap(NDArrays.randperm(n));
    }

    /** {@code 0 .. end-1} as int64. */
    public static Tensor arange(long end) {
        return Tensor.wrap(NDArrays.arange(end));
    }

    /** float32 values from start below end by step. */
    public static Tensor arange(double start, double end, double step) {
        return Tensor.wrap(NDArrays.arange(start, end, step));
    }

    public static Tensor linspace(double start, double end, int steps) {
        return Tensor.wrap(NDArrays.linspace(start, end, steps));
    }

    public static Tensor eye(int n) {
        return Tensor.wrap(NDArrays.eye(n));
    }

    /** Seeds the default generator, as {@code torch.manual_seed}. */
    public static void manualSeed(long seed) {
        Generator.defaultGenerator().manualSeed(seed);
    }

    /** Turns graph recording off on this thread until the guard is closed ({@code torch.no_grad()}). */
    public static GradMode.Guard noGrad() {
        return GradMode.set(false);
    }

    /** Turns graph recording on until closed ({@code torch.enable_grad()}), e.g. inside a noGrad block. */
    public static GradMode.Guard enableGrad() {
        return GradMode.set(true);
    }

    /** Concatenates along {@code dim}. */
    public static Tensor cat(List<Tensor> tensors, int dim) {
        return new Indexing.Cat(dim).apply(tensors.toArray(Tensor[]::new));
    }

    /** Stacks along a new dim. */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        List<Tensor> expanded = new ArrayList<>(tensors.size());
        int rank = tensors.isEmpty() ? 0 : tensors.get(0).dim();
        int d = org.vectorgrad.engine.Shapes.normalizeDim(dim, rank + 1);
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (!java.util.Arrays.equals(t.shape(), tensors.get(0).shape())) {
                throw new IllegalArgumentException("stack expects each tensor to be equal size, but got "
                        + org.vectorgrad.engine.Shapes.format(tensors.get(0).shape()) + " at entry 0 and "
                        + org.vectorgrad.engine.Shapes.format(t.shape()) + " at entry " + i);
            }
            expanded.add(t.unsqueeze(d));
        }
        return cat(expanded, d);
    }
}
