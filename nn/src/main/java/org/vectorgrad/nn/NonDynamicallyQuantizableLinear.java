package org.vectorgrad.nn;

import org.vectorgrad.engine.Generator;

/**
 * A plain {@link Linear} under the name PyTorch gives {@link MultiheadAttention}'s output projection, so that the
 * module tree prints as PyTorch prints it.
 */
final class NonDynamicallyQuantizableLinear extends Linear {
    NonDynamicallyQuantizableLinear(int inFeatures, int outFeatures, boolean bias, Generator generator) {
        super(inFeatures, outFeatures, bias, generator);
    }

    @Override
    protected String moduleName() {
        return "NonDynamicallyQuantizableLinear";
    }
}
