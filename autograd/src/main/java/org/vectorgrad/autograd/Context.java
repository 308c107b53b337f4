package org.vectorgrad.autograd;

/**
 * What a {@link Function}'s forward leaves for its backward (PyTorch's {@code ctx}): saved tensors, checked for
 * in-place modification when unpacked, and which inputs need a gradient.
 */
public final class Context {
    private final boolean[] needsInputGrad;
    private SavedTensor[] saved = new SavedTensor[0];
    private boolean released;
    private Node node;

    Context(boolean[] needsInputGrad) {
        this.needsInputGrad = needsInputGrad;
    }

    /** Saves tensors for backward; call at most once per forward. */
    public void saveForBackward(Tensor... tensors) {
        saved = new SavedTensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            saved[i] = tensors[i] == null ? null : SavedTensor.save(tensors[i]);
        }
    }

    /** The saved tensors; throws if they were freed by an earlier backward or modified in place since. */
    public Tensor[] savedTensors() {
        if (released) {
            throw new IllegalStateException("Trying to backward through the graph a second time (or directly access saved"
                    + " tensors after they have already been freed). Saved intermediate values of the graph are freed when"
                    + " you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through"
                    + " the graph a second time or if you need to access saved tensors after calling backward.");
        }
        Tensor[] out = new Tensor[saved.length];
        for (int i = 0; i < saved.length; i++) {
            out[i] = saved[i] == null ? null : saved[i].unpack(node);
        }
        return out;
    }

    /** Whether input {@code i} needs a gradient (backward may return null for the others). */
    public boolean needsInputGrad(int i) {
        return needsInputGrad[i];
    }

    /** The node recorded for this call; its name appears in errors (computed only then: getSimpleName is slow). */
    void setNode(Node node) {
        this.node = node;
    }

    void release() {
        released = true;
        saved = new SavedTensor[0];
    }

    boolean isReleased() {
        return released;
    }
}
