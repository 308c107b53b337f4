package org.vectorgrad.autograd;

import org.vectorgrad.engine.Shapes;

/** A tensor saved for backward with the storage version it had, checked when it is unpacked. */
record SavedTensor(Tensor tensor, int savedVersion) {
    static SavedTensor save(Tensor t) {
        return new SavedTensor(t, t.ndarray().version());
    }

    Tensor unpack(Node node) {
        int now = tensor.ndarray().version();
        if (now != savedVersion) {
            throw new IllegalStateException("one of the variables needed for gradient computation has been modified by an"
                    + " inplace operation: [" + typeName(tensor) + " " + Shapes.format(tensor.shape()) + "], which is an"
                    + " input or output of " + (node == null ? "Function" : node.name()) + ", is at version " + now + "; expected version " + savedVersion
                    + " instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient,"
                    + " with Autograd.detectAnomaly(true).");
        }
        return tensor;
    }

    private static String typeName(Tensor t) {
        return switch (t.dtype()) {
            case FLOAT32 -> "torch.FloatTensor";
            case FLOAT64 -> "torch.DoubleTensor";
            case INT32 -> "torch.IntTensor";
            case INT64 -> "torch.LongTensor";
            case BOOL -> "torch.BoolTensor";
        };
    }
}
