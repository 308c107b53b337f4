package org.vectorgrad.engine;

/** Reference matmul by triple loop: correct for every layout and batch broadcast, slow. The packed SIMD GEMM replaces it. */
public final class MatMul {
    private MatMul() {
    }

    public static NDArray matmul(NDArray a, NDArray b) {
        int[] as = a.shape();
        int[] bs = b.shape();
        int m = as[as.length - 2], k = as[as.length - 1], n = bs[bs.length - 1];
        if (bs[bs.length - 2] != k) {
            throw new IllegalArgumentException("mat1 and mat2 shapes cannot be multiplied (" + m + "x" + k + " and " + bs[bs.length - 2] + "x" + n + ")");
        }
        int[] batchA = java.util.Arrays.copyOf(as, as.length - 2);
        int[] batchB = java.util.Arrays.copyOf(bs, bs.length - 2);
        int[] batch = Shapes.broadcast(batchA, batchB);
        int[] outShape = java.util.Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        DType t = DType.promote(a.dtype(), b.dtype());
        NDArray out = NDArrays.zeros(t, outShape);
        int[] ea = java.util.Arrays.copyOf(batch, batch.length + 2); ea[batch.length] = m; ea[batch.length + 1] = k;
        int[] eb = java.util.Arrays.copyOf(batch, batch.length + 2); eb[batch.length] = k; eb[batch.length + 1] = n;
        NDArray xa = a.expand(ea), xb = b.expand(eb);
        long total = Shapes.numel(batch);
        int[] idx = new int[batch.length + 2];
        for (long bi = 0; bi < total; bi++) {
            long r = bi;
            for (int d = batch.length - 1; d >= 0; d--) { idx[d] = (int) (r % batch[d]); r /= batch[d]; }
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    idx[batch.length] = i; idx[batch.length + 1] = p; double x = xa.getDouble(idx);
                    idx[batch.length] = p; idx[batch.length + 1] = j; s += x * xb.getDouble(idx);
                }
                idx[batch.length] = i; idx[batch.length + 1] = j; out.set(s, idx);
            }
        }
        return out;
    }

    public static NDArray linear(NDArray x, NDArray w, NDArray bias) {
        NDArray y = matmul(x, w.t());
        return bias == null ? y : Binary.add(y, bias);
    }
}
