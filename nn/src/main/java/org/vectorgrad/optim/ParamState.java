package org.vectorgrad.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.vectorgrad.engine.MemoryScope;
import org.vectorgrad.engine.NDArray;
import org.vectorgrad.engine.NDArrays;
import org.vectorgrad.engine.Ternary;

/**
 * The per-parameter state of an optimizer (PyTorch's {@code optimizer.state[p]}): the step count and named
 * buffers such as {@code momentum_buffer}, {@code exp_avg}, {@code exp_avg_sq}. Buffers are allocated outside
 * every memory scope, because they outlive the training step that creates them.
 */
final class ParamState {
    /** Steps taken; exported as PyTorch's float32 {@code "step"} tensor when {@link #hasStep}. */
    long step;
    /** Whether the optimizer keeps a step count in its state dict (SGD does not). */
    boolean hasStep;
    final LinkedHashMap<String, NDArray> buffers = new LinkedHashMap<>();
    /** Views of the optimizer's shared scratch, see {@link UpdateMath#scratchFor}. */
    NDArray[] scratch;
    int scratchGeneration = -1;

    /** The buffer called {@code key}, or null. */
    NDArray get(String key) {
        return buffers.get(key);
    }

    /** The buffer called {@code key}, created filled with {@code value} and shaped like {@code param} if absent. */
    NDArray getOrFill(String key, NDArray param, double value) {
        NDArray b = buffers.get(key);
        if (b == null) {
            b = MemoryScope.persistent(() -> {
                NDArray a = NDArrays.empty(param.dtype(), param.shape());
                Ternary.fill_(a, value);
                return a;
            });
            buffers.put(key, b);
        }
        return b;
    }

    /** Stores a persistent copy of {@code source} as {@code key}, replacing (and releasing) any previous buffer. */
    NDArray putCopy(String key, NDArray source) {
        NDArray b = MemoryScope.persistent(source::clone);
        NDArray old = buffers.put(key, b);
        if (old != null) {
            old.close();
        }
        return b;
    }

    /** The buffers by name (live, shared with this state). */
    Map<String, NDArray> buffers() {
        return buffers;
    }

    /** Releases the buffers and scratch views. */
    void release() {
        for (NDArray b : buffers.values()) {
            b.close();
        }
        buffers.clear();
        if (scratch != null) {
            scratch[0].close();
            scratch[1].close();
            scratch = null;
        }
    }
}
