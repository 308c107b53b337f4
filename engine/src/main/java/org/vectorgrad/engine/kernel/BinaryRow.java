package org.vectorgrad.engine.kernel;

import java.lang.foreign.MemorySegment;

/**
 * A row kernel {@code o[oo + i] = f(a[ao + i*as], b[bo + i*bs])} for {@code i < n}: both inputs of one dtype, the
 * output of the op's result type (the same dtype for arithmetic, BOOL bytes 0/1 for comparisons). SIMD rows are
 * called only with a contiguous output and input strides of 0 (broadcast) or 1.
 */
@FunctionalInterface
public interface BinaryRow {
    void apply(MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs, MemorySegment o, long oo, int n);
}
