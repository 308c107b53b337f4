package org.vectorgrad.optim;

import java.util.List;
import org.vectorgrad.autograd.Tensor;

/**
 * Adam with decoupled weight decay, as {@code torch.optim.AdamW}: each step first shrinks the parameters,
 * {@code p = p * (1 - lr * weight_decay)}, and the gradient is used without an L2 term; the rest is {@link Adam}.
 * The weight decay defaults to 1e-2 with {@link AdamW.Options} (plain {@link Adam.Options} default it to 0).
 */
public final class AdamW extends Adam {
    /** AdamW's options: Adam's, with PyTorch's AdamW default weight decay 1e-2. */
    public static final class Options extends Adam.Options {
        /** Adam's defaults with weight decay 1e-2. */
        public Options() {
            super(1e-2);
        }
    }

    /** AdamW over {@code params} (one group) with {@code options}. */
    public AdamW(Iterable<? extends Tensor> params, Adam.Options options) {
        super(params, options);
    }

    /** AdamW over several groups; options a group does not set come from {@code options}. */
    public AdamW(List<ParamGroup> groups, Adam.Options options) {
        super(groups, options);
    }

    /** AdamW with the default options. */
    public AdamW(Iterable<? extends Tensor> params) {
        this(params, new Options());
    }

    @Override
    boolean decoupledWeightDecay() {
        return true;
    }
}
