package org.vectorgrad.autograd;

import java.util.function.BiFunction;
import java.util.function.Function;
import org.vectorgrad.engine.Binary;
import org.vectorgrad.engine.BinaryOp;

/**
 * In-place ops. Without recording (grad mode off, or nothing requires grad) they write straight into the storage.
 * When recording, the result is computed out of place from a clone (so tensors saved for backward stay valid),
 * written back into this tensor's storage, and its history is rebased onto the new node, as PyTorch does.
 */
final class InPlace {
    private InPlace() {
    }

    static Tensor binary(Tensor self, Tensor other, BinaryOp op, BiFunction<Tensor, Tensor, Tensor> outOfPlace) {
        self.checkInPlaceAllowed();
        if (!recording(self, other)) {
            Binary.inPlace(op, self.ndarray(), other.ndarray());
            return self;
        }
        return rebase(self, outOfPlace.apply(self.clone(), other));
    }

    static Tensor scalar(Tensor self, double other, BinaryOp op, BiFunction<Tensor, Double, Tensor> outOfPlace) {
        self.checkInPlaceAllowed();
        if (!recording(self, null)) {
            Binary.inPlace(op, self.ndarray(), other);
            return self;
        }
        return rebase(self, outOfPlace.apply(self.clone(), other));
    }

    /** An in-place op given by its out-of-place form and a raw in-place engine kernel. */
    static Tensor unary(Tensor self, java.util.function.Consumer<Tensor> raw, Function<Tensor, Tensor> outOfPlace) {
        self.checkInPlaceAllowed();
        if (!recording(self, null)) {
            raw.accept(self);
            return self;
        }
        return rebase(self, outOfPlace.apply(self.clone()));
    }

    private static boolean recording(Tensor self, Tensor other) {
        return GradMode.isEnabled() && (self.requiresGrad() || (other != null && other.requiresGrad()));
    }

    private static Tensor rebase(Tensor self, Tensor result) {
        self.ndarray().copy_(result.ndarray());
        if (result.gradFn() != null) {
            self.attachGradFn(result.gradFn());
        }
        return self;
    }
}
