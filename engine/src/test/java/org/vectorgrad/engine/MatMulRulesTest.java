package org.vectorgrad.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.vectorgrad.engine.MatMulTest.assertMessage;

import org.junit.jupiter.api.Test;

/** torch.matmul's shape rules, the fused forms, and PyTorch's error messages, on small fixed examples. */
class MatMulRulesTest {
    private static NDArray ones(int... shape) {
        return NDArrays.ones(shape);
    }

    @Test
    void shapesFollowTorchMatmul() {
        assertArrayEquals(new int[]{2, 5, 3, 2}, MatMul.matmul(ones(2, 1, 3, 4), ones(5, 4, 2)).shape());
        assertArrayEquals(new int[0], MatMul.matmul(ones(3), ones(3)).shape());
        assertArrayEquals(new int[]{2}, MatMul.matmul(ones(2, 3), ones(3)).shape());
        assertArrayEquals(new int[]{5}, MatMul.matmul(ones(3), ones(3, 5)).shape());
        assertArrayEquals(new int[]{4, 2, 5}, MatMul.matmul(ones(3), ones(4, 2, 3, 5)).shape());
        assertArrayEquals(new int[]{2, 2, 5}, MatMul.matmul(ones(2, 4), ones(2, 4, 5)).shape());
        assertArrayEquals(new int[]{2, 2}, MatMul.matmul(ones(2, 2, 3), ones(3)).shape());
        assertArrayEquals(new int[]{0, 0}, MatMul.matmul(ones(0, 3), ones(3, 0)).shape());
        assertArrayEquals(new int[]{2, 0, 5}, MatMul.matmul(ones(2, 0, 3), ones(3, 5)).shape());
        assertArrayEquals(new double[6], MatMul.matmul(ones(2, 0), ones(0, 3)).toDoubleArray());
        assertEquals(3.0, MatMul.matmul(ones(3), ones(3)).item());
    }

    @Test
    void smallProductsAreExact() {
        NDArray a = NDArrays.of(new float[]{1, 2, 3, 4, 5, 6}, 2, 3);
        NDArray b = NDArrays.of(new float[]{7, 8, 9, 10, 11, 12}, 3, 2);
        assertArrayEquals(new float[]{58, 64, 139, 154}, MatMul.mm(a, b).toFloatArray());
        assertArrayEquals(new float[]{14, 32, 32, 77}, MatMul.mm(a, a.t()).toFloatArray());
        NDArray bias = NDArrays.of(new float[]{1, -1});
        assertArrayEquals(new float[]{59, 63, 140, 153}, MatMul.addmm(bias, a, b).toFloatArray());
        // linear: x [2, 3], weight [2, 3] (out=2, in=3): x @ w^T + b
        assertArrayEquals(new float[]{15, 31, 24, 40}, MatMul.linear(a, NDArrays.of(new float[]{1, 0, 2, 0, 1, 2}, 2, 3),
                NDArrays.of(new float[]{8, 23})).toFloatArray());
        NDArray d = a.to(DType.FLOAT64);
        assertEquals(DType.FLOAT64, MatMul.matmul(d, d.t()).dtype());
        assertArrayEquals(new double[]{14, 32}, MatMul.matmul(d, NDArrays.of(new double[]{1, 2, 3})).toDoubleArray());
    }

    @Test
    void intoFormsWriteAnyStridesAndAccumulate() {
        NDArray a = NDArrays.of(new float[]{1, 2, 3, 4, 5, 6}, 2, 3);
        NDArray b = NDArrays.of(new float[]{7, 8, 9, 10, 11, 12}, 3, 2);
        NDArray storage = NDArrays.zeros(2, 2);
        NDArray outT = storage.t();
        int v = storage.version();
        MatMul.matmulInto(a, b, outT);
        assertArrayEquals(new float[]{58, 139, 64, 154}, storage.toFloatArray());
        assertEquals(v + 1, storage.version());
        NDArray acc = NDArrays.ones(2, 2);
        MatMul.addmmInto(acc, a, b, acc);
        MatMul.addmmInto(acc, a, b, acc);
        assertArrayEquals(new float[]{117, 129, 279, 309}, acc.toFloatArray());
    }

    @Test
    void errorsReadLikePyTorch() {
        assertMessage("both arguments to matmul need to be at least 1D, but they are 0D and 2D",
                () -> MatMul.matmul(NDArrays.scalar(1), ones(2, 3)));
        assertMessage("inconsistent tensor size, expected tensor [3] and src [4] to have the same number of elements,"
                + " but got 3 and 4 elements respectively", () -> MatMul.matmul(ones(3), ones(4)));
        assertMessage("size mismatch, got input (2), mat (2x3), vec (4)", () -> MatMul.matmul(ones(2, 3), ones(4)));
        assertMessage("mat1 and mat2 shapes cannot be multiplied (1x3 and 4x5)", () -> MatMul.matmul(ones(3), ones(4, 5)));
        assertMessage("mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)",
                () -> MatMul.matmul(ones(2, 3), ones(4, 5)));
        assertMessage("mat1 and mat2 shapes cannot be multiplied (4x3 and 4x5)",
                () -> MatMul.matmul(ones(2, 2, 3), ones(4, 5)));
        assertMessage("size mismatch, got input (4), mat (4x3), vec (4)", () -> MatMul.matmul(ones(2, 2, 3), ones(4)));
        assertMessage("size mismatch, got input (10), mat (10x4), vec (3)", () -> MatMul.matmul(ones(3), ones(2, 4, 5)));
        assertMessage("mat1 and mat2 shapes cannot be multiplied (10x4 and 3x2)",
                () -> MatMul.matmul(ones(2, 3), ones(2, 4, 5)));
        assertMessage("Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [2, 4].",
                () -> MatMul.matmul(ones(2, 2, 3), ones(2, 4, 5)));
        assertMessage("The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 1",
                () -> MatMul.matmul(ones(2, 3, 4), ones(3, 3, 4, 5)));
        assertMessage("expected scalar type Float but found Double",
                () -> MatMul.matmul(ones(2, 3), NDArrays.ones(DType.FLOAT64, 3, 4)));
        assertMessage("dot : expected both vectors to have same dtype, but found Float and Double",
                () -> MatMul.matmul(ones(3), NDArrays.ones(DType.FLOAT64, 3)));
        assertMessage("matmul is implemented for float32 and float64, got torch.int64",
                () -> MatMul.matmul(NDArrays.arange(3), NDArrays.arange(3)));
    }

    @Test
    void mmBmmAddmmLinearErrors() {
        assertMessage("self must be a matrix", () -> MatMul.mm(ones(3), ones(3, 4)));
        assertMessage("mat2 must be a matrix", () -> MatMul.mm(ones(2, 3), ones(3)));
        assertMessage("mat1 and mat2 shapes cannot be multiplied (2x3 and 4x4)", () -> MatMul.mm(ones(2, 3), ones(4, 4)));
        assertMessage("batch1 must be a 3D tensor", () -> MatMul.bmm(ones(2, 3), ones(2, 3, 4)));
        assertMessage("batch2 must be a 3D tensor", () -> MatMul.bmm(ones(2, 2, 3), ones(2, 3)));
        assertMessage("Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [3, 3].",
                () -> MatMul.bmm(ones(2, 2, 3), ones(3, 3, 4)));
        assertMessage("mat1 must be a matrix, got 1-D tensor", () -> MatMul.addmm(ones(2, 3), ones(3), ones(3, 3)));
        assertMessage("The expanded size of the tensor (4) must match the existing size (5) at non-singleton dimension"
                + " 1.  Target sizes: [2, 4].  Tensor sizes: [5]", () -> MatMul.addmm(ones(5), ones(2, 3), ones(3, 4)));
        assertMessage("self and mat2 must have the same dtype",
                () -> MatMul.addmm(NDArrays.ones(DType.FLOAT64, 2, 4), ones(2, 3), ones(3, 4)));
        assertMessage("mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)", () -> MatMul.linear(ones(2, 3),
                ones(5, 4), null));
        assertMessage("The expanded size of the tensor (5) must match the existing size (4) at non-singleton dimension"
                + " 1.  Target sizes: [2, 5].  Tensor sizes: [4]", () -> MatMul.linear(ones(2, 3), ones(5, 3), ones(4)));
        assertMessage("Expected out tensor to have shape [2, 4], but got [3, 3] instead",
                () -> MatMul.matmulInto(ones(2, 3), ones(3, 4), ones(3, 3)));
        NDArray a = ones(2, 3);
        assertMessage("unsupported operation: some elements of the input tensor and the written-to tensor refer to a"
                + " single memory location. Please clone() the tensor before performing the operation.",
                () -> MatMul.matmulInto(a, ones(3, 3), a));
    }

    @Test
    void linearFoldsLeadingDimsAndKeepsOneDimInputs() {
        NDArray x = NDArrays.randn(2, 3, 4);
        NDArray w = NDArrays.randn(5, 4);
        NDArray bias = NDArrays.randn(5);
        NaiveMatMul.of(x, w.t(), bias).check(MatMul.linear(x, w, bias), "linear 3-d");
        NDArray v = NDArrays.randn(4);
        assertArrayEquals(new int[]{5}, MatMul.linear(v, w, bias).shape());
        NaiveMatMul.of(v, w.t(), bias).check(MatMul.linear(v, w, bias), "linear 1-d");
        NaiveMatMul.of(x, w.t(), null).check(MatMul.linear(x.transpose(0, 1), w, null).transpose(0, 1), "permuted");
    }
}
