package org.vectorgrad.autograd;


import java.util.ArrayList;
import java.util.List;
import org.vectorgrad.autograd.ops.Indexing;
import org.vectorgrad.autograd.ops.Linalg;
import org.vectorgrad.engine.Index;

/** Indexing, joining and matrix-product ops of {@link Tensor}. */
public interface TensorIndexing {
    /** This tensor. */
    Tensor self();

    default Tensor indexSelect(int dim, Tensor index) {
        return new Indexing.IndexSelect(dim).apply(self(), index);
    }

    default Tensor gather(int dim, Tensor index) {
        return new Indexing.Gather(dim).apply(self(), index);
    }

    /** Out of place: this tensor plus {@code src} added at {@code index} along {@code dim}. */
    default Tensor scatterAdd(int dim, Tensor index, Tensor src) {
        return new Indexing.ScatterAdd(dim).apply(self(), index, src);
    }

    default Tensor indexAdd(int dim, Tensor index, Tensor source) {
        return new Indexing.IndexAdd(dim).apply(self(), index, source);
    }

    /** One-hot int64 encoding of this integer tensor. */
    default Tensor oneHot(int numClasses) {
        return Tensor.wrap(Index.oneHot(self().ndarray(), numClasses));
    }

    /** Splits into views of {@code splitSize} along {@code dim} (the last may be smaller). */
    default List<Tensor> split(int splitSize, int dim) {
        int size = self().size(dim);
        List<Tensor> parts = new ArrayList<>();
        for (int start = 0; start < size || (size == 0 && start == 0); start += Math.max(splitSize, 1)) {
            parts.add(self().narrow(dim, start, Math.min(splitSize, size - start)));
            if (size == 0) {
                break;
            }
        }
        return parts;
    }

    /** Splits into {@code chunks} nearly equal views, as PyTorch's {@code chunk}. */
    default List<Tensor> chunk(int chunks, int dim) {
        int size = self().size(dim);
        return split((size + chunks - 1) / Math.max(chunks, 1), dim);
    }

    /** PyTorch's {@code matmul}: 1-d and 2-d operands, batched with broadcast batch dims. */
    default Tensor matmul(Tensor other) {
        Tensor a = self();
        if (a.dim() == 0 || other.dim() == 0) {
            throw new IllegalArgumentException("both arguments to matmul need to be at least 1D, but they are "
                    + a.dim() + "D and " + other.dim() + "D");
        }
        if (a.dim() == 1 && other.dim() == 1) {
            return a.mul(other).sum();
        }
        if (a.dim() == 1) {
            return a.unsqueeze(0).matmul(other).squeeze(-2);
        }
        if (other.dim() == 1) {
            return a.matmul(other.unsqueeze(1)).squeeze(-1);
        }
        return new Linalg.MatMulOp().apply(a, other);
    }

    /** {@code x W^T + b} with weight {@code [out, in]}, as {@code torch.nn.functional.linear}; bias may be null. */
    default Tensor linear(Tensor weight, Tensor bias) {
        Tensor x = self();
        if (x.dim() == 2) {
            return bias == null ? new Linalg.Linear().apply(x, weight) : new Linalg.Linear().apply(x, weight, bias);
        }
        int[] shape = x.shape();
        Tensor flat = x.reshape(-1, shape[shape.length - 1]);
        Tensor y = flat.linear(weight, bias);
        shape[shape.length - 1] = weight.size(0);
        return y.reshape(shape);
    }
}
