package org.vectorgrad.engine.kernel;

import java.lang.foreign.MemorySegment;

/**
 * A row kernel {@code o[oo + i] = f(a[ao + i]; p, q)} for {@code i < n}, over contiguous elements of one dtype.
 * {@code p} and {@code q} are the op's parameters (clamp bounds, a slope, softplus's beta and threshold), already
 * rounded to the row's precision; ops without parameters ignore them. Input and output may be the same memory.
 */
@FunctionalInterface
public interface UnaryRow {
    /** Computes elements {@code ao .. ao+n-1} of a into {@code oo .. oo+n-1} of o (element indices, not bytes). */
    void apply(MemorySegment a, long ao, MemorySegment o, long oo, int n, double p, double q);
}
