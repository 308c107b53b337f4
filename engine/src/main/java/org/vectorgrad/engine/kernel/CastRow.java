package org.vectorgrad.engine.kernel;

import java.lang.foreign.MemorySegment;

/**
 * A row kernel converting {@code n} contiguous elements {@code s[si .. si+n-1]} of one dtype into
 * {@code d[di .. di+n-1]} of another (element indices, not bytes), with the values the generic per-element
 * conversion of {@link Elements} gives. Source and destination must not overlap.
 */
@FunctionalInterface
public interface CastRow {
    void apply(MemorySegment s, long si, MemorySegment d, long di, int n);
}
