package org.vectorgrad.engine.kernel;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked float GEMM micro-kernels: {@code MR x NR} of C (NR = two vectors) accumulated in registers
 * over {@code kc} steps of packed panels, one FMA per accumulator and step, the A element broadcast.
 *
 * <p>Packed layouts ({@link PackF32}): A rows at stride {@link #AS} ({@code ap[ao + r*AS + p]}, a constant
 * stride, so each row is a plain copy when packed and every broadcast address is base + constant), the B
 * micro-panel {@code NR} values per step ({@code bp[bo + p*NR + j]}). {@link #wide} (12 rows, for 512-bit
 * vectors and their 32 registers) and {@link #narrow} (6 rows, for 256/128-bit machines with 16 registers) keep
 * every vector inside one method (a helper taking or returning vectors would box them); {@link #wide} is
 * unrolled twice over k, which trims the loop's integer overhead competing with the FMAs for ports 0 and 5.
 * They write the raw sums to {@code tile[to + r*NR + j]}; {@link #merge} (or the caller, at edges and odd strides)
 * stores {@code C = tile + X}. Keeping the stores out of the kernels keeps each method small enough for every JIT
 * tier: a kernel the tier-3 compiler rejects can stay in slow C1 code for good.
 */
final class KernelF32 {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Lanes per vector. */
    static final int L = S.length();
    /** Columns of a tile: two vectors. */
    static final int NR = 2 * L;
    /** Bytes per vector. */
    static final long VB = (long) L * 4;
    /**
     * Deepest packed slice. The depth k is cut into equal slices of at most KC (784 stays one slice, 2048 is two
     * of 1024, 1500 two of 750 rather than 1024 and 476): each slice costs a pass over C, a read and a write of
     * every element, which took 13% of sgemm n = 2048 with slices of 293 (KC = 320). The micro-kernel streams a
     * deep A micro-panel and B panel from L2 at the same speed. KC = 1024 (with {@code GemmF32.NC} = 128): n = 2048
     * 187-197 -> 169-174 ms, n = 512 2.9-3.3 -> 2.6-2.7 ms (one thread, interleaved JMH runs, Zen 4); 512 with
     * NC = 256 gained 3%.
     */
    static final int KC = 1024;
    /**
     * Row stride of a packed A block: KC plus one cache line, so that the rows a micro-kernel reads together
     * fall in different L1 sets.
     */
    static final int AS = KC + 16;
    /** Rows of a tile: 12 with 512-bit vectors, 6 otherwise. */
    static final int MR = S.vectorBitSize() >= 512 ? 12 : 6;
    private static final ByteOrder LE = ByteOrder.nativeOrder();

    private KernelF32() {
    }

    static void wide(int kc, float[] ap, int ao, float[] bp, int bo, float[] tile, int to) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c0a = z, c0b = z, c1a = z, c1b = z, c2a = z, c2b = z, c3a = z, c3b = z, c4a = z, c4b = z,
                c5a = z, c5b = z, c6a = z, c6b = z, c7a = z, c7b = z, c8a = z, c8b = z, c9a = z, c9b = z,
                c10a = z, c10b = z, c11a = z, c11b = z;
        int p = 0;
        for (; p + 1 < kc; p += 2) {
            int ai = ao + p;
            int bi = bo + p * NR;
            FloatVector b00 = FloatVector.fromArray(S, bp, bi);
            FloatVector b10 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector av0 = FloatVector.broadcast(S, ap[ai]);
            c0a = b00.fma(av0, c0a);
            c0b = b10.fma(av0, c0b);
            av0 = FloatVector.broadcast(S, ap[ai + AS]);
            c1a = b00.fma(av0, c1a);
            c1b = b10.fma(av0, c1b);
            av0 = FloatVector.broadcast(S, ap[ai + 2 * AS]);
            c2a = b00.fma(av0, c2a);
            c2b = b10.fma(av0, c2b);
            av0 = FloatVector.broadcast(S, ap[ai + 3 * AS]);
            c3a = b00.fma(av0, c3a);
            c3b = b10.fma(av0, c3b);
            av0 = FloatVector.broadcast(S, ap[ai + 4 * AS]);
            c4a = b00.fma(av0, c4a);
            c4b = b10.fma(av0, c4b);
            av0 = FloatVector.broadcast(S, ap[ai + 5 * AS]);
            c5a = b00.fma(av0, c5a);
            c5b = b10.fma(av0, c5b);
            av0 = FloatVector.broadcast(S, ap[ai + 6 * AS]);
            c6a = b00.fma(av0, c6a);
            c6b = b10.fma(av0, c6b);
            av0 = FloatVector.broadcast(S, ap[ai + 7 * AS]);
            c7a = b00.fma(av0, c7a);
            c7b = b10.fma(av0, c7b);
            av0 = FloatVector.broadcast(S, ap[ai + 8 * AS]);
            c8a = b00.fma(av0, c8a);
            c8b = b10.fma(av0, c8b);
            av0 = FloatVector.broadcast(S, ap[ai + 9 * AS]);
            c9a = b00.fma(av0, c9a);
            c9b = b10.fma(av0, c9b);
            av0 = FloatVector.broadcast(S, ap[ai + 10 * AS]);
            c10a = b00.fma(av0, c10a);
            c10b = b10.fma(av0, c10b);
            av0 = FloatVector.broadcast(S, ap[ai + 11 * AS]);
            c11a = b00.fma(av0, c11a);
            c11b = b10.fma(av0, c11b);
            FloatVector b01 = FloatVector.fromArray(S, bp, bi + NR);
            FloatVector b11 = FloatVector.fromArray(S, bp, bi + NR + L);
            FloatVector av1 = FloatVector.broadcast(S, ap[ai + 1]);
            c0a = b01.fma(av1, c0a);
            c0b = b11.fma(av1, c0b);
            av1 = FloatVector.broadcast(S, ap[ai + 1 + AS]);
            c1a = b01.fma(av1, c1a);
            c1b = b11.fma(av1, c1b);
            av1 = FloatVector.broadcast(S, ap[ai + 1 + 2 * AS]);
            c2a = b01.fma(av1, c2a);
            c2b = b11.fma(av1, c2b);
            av1 = FloatVector.broadcast(S, ap[ai + 1 + 3 * AS]);
            c3a = b01.fma(av1, c3a);
            c3b = b11.fma(av1, c3b);
            av1 = FloatVector.broadcast(S, ap[ai + 1 + 4 * AS]);
            c4a = b01.fma(av1, c4a);
            c4b = b11.fma(av1, c4b);
            av1 = FloatVector.broadcast(S, ap[ai + 1 + 5 * AS]);
            c5a = b01.fma(av1, c5a);
            c5b = b11.fma(av1, c5b);
            av1 = FloatVector.broadcast(S, ap[ai + 1 + 6 * AS]);
            c6a = b01.fma(av1, c6a);
            c6b = b11.fma(av1, c6b);
            av1 = FloatVector.broadcast(S, ap[ai + 1 + 7 * AS]);
            c7a = b01.fma(av1, c7a);
            c7b = b11.fma(av1, c7b);
            av1 = FloatVector.broadcast(S, ap[ai + 1 + 8 * AS]);
            c8a = b01.fma(av1, c8a);
            c8b = b11.fma(av1, c8b);
            av1 = FloatVector.broadcast(S, ap[ai + 1 + 9 * AS]);
            c9a = b01.fma(av1, c9a);
            c9b = b11.fma(av1, c9b);
            av1 = FloatVector.broadcast(S, ap[ai + 1 + 10 * AS]);
            c10a = b01.fma(av1, c10a);
            c10b = b11.fma(av1, c10b);
            av1 = FloatVector.broadcast(S, ap[ai + 1 + 11 * AS]);
            c11a = b01.fma(av1, c11a);
            c11b = b11.fma(av1, c11b);
        }
        for (; p < kc; p++) {
            int ai = ao + p;
            int bi = bo + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector av = FloatVector.broadcast(S, ap[ai]);
            c0a = b0.fma(av, c0a);
            c0b = b1.fma(av, c0b);
            av = FloatVector.broadcast(S, ap[ai + AS]);
            c1a = b0.fma(av, c1a);
            c1b = b1.fma(av, c1b);
            av = FloatVector.broadcast(S, ap[ai + 2 * AS]);
            c2a = b0.fma(av, c2a);
            c2b = b1.fma(av, c2b);
            av = FloatVector.broadcast(S, ap[ai + 3 * AS]);
            c3a = b0.fma(av, c3a);
            c3b = b1.fma(av, c3b);
            av = FloatVector.broadcast(S, ap[ai + 4 * AS]);
            c4a = b0.fma(av, c4a);
            c4b = b1.fma(av, c4b);
            av = FloatVector.broadcast(S, ap[ai + 5 * AS]);
            c5a = b0.fma(av, c5a);
            c5b = b1.fma(av, c5b);
            av = FloatVector.broadcast(S, ap[ai + 6 * AS]);
            c6a = b0.fma(av, c6a);
            c6b = b1.fma(av, c6b);
            av = FloatVector.broadcast(S, ap[ai + 7 * AS]);
            c7a = b0.fma(av, c7a);
            c7b = b1.fma(av, c7b);
            av = FloatVector.broadcast(S, ap[ai + 8 * AS]);
            c8a = b0.fma(av, c8a);
            c8b = b1.fma(av, c8b);
            av = FloatVector.broadcast(S, ap[ai + 9 * AS]);
            c9a = b0.fma(av, c9a);
            c9b = b1.fma(av, c9b);
            av = FloatVector.broadcast(S, ap[ai + 10 * AS]);
            c10a = b0.fma(av, c10a);
            c10b = b1.fma(av, c10b);
            av = FloatVector.broadcast(S, ap[ai + 11 * AS]);
            c11a = b0.fma(av, c11a);
            c11b = b1.fma(av, c11b);
        }
        c0a.intoArray(tile, to + 0 * NR);
        c0b.intoArray(tile, to + 0 * NR + L);
        c1a.intoArray(tile, to + 1 * NR);
        c1b.intoArray(tile, to + 1 * NR + L);
        c2a.intoArray(tile, to + 2 * NR);
        c2b.intoArray(tile, to + 2 * NR + L);
        c3a.intoArray(tile, to + 3 * NR);
        c3b.intoArray(tile, to + 3 * NR + L);
        c4a.intoArray(tile, to + 4 * NR);
        c4b.intoArray(tile, to + 4 * NR + L);
        c5a.intoArray(tile, to + 5 * NR);
        c5b.intoArray(tile, to + 5 * NR + L);
        c6a.intoArray(tile, to + 6 * NR);
        c6b.intoArray(tile, to + 6 * NR + L);
        c7a.intoArray(tile, to + 7 * NR);
        c7b.intoArray(tile, to + 7 * NR + L);
        c8a.intoArray(tile, to + 8 * NR);
        c8b.intoArray(tile, to + 8 * NR + L);
        c9a.intoArray(tile, to + 9 * NR);
        c9b.intoArray(tile, to + 9 * NR + L);
        c10a.intoArray(tile, to + 10 * NR);
        c10b.intoArray(tile, to + 10 * NR + L);
        c11a.intoArray(tile, to + 11 * NR);
        c11b.intoArray(tile, to + 11 * NR + L);
    }

    static void narrow(int kc, float[] ap, int ao, float[] bp, int bo, float[] tile, int to) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c0a = z, c0b = z, c1a = z, c1b = z, c2a = z, c2b = z, c3a = z, c3b = z, c4a = z, c4b = z,
                c5a = z, c5b = z;
        for (int p = 0; p < kc; p++) {
            int ai = ao + p;
            int bi = bo + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector av = FloatVector.broadcast(S, ap[ai]);
            c0a = b0.fma(av, c0a);
            c0b = b1.fma(av, c0b);
            av = FloatVector.broadcast(S, ap[ai + AS]);
            c1a = b0.fma(av, c1a);
            c1b = b1.fma(av, c1b);
            av = FloatVector.broadcast(S, ap[ai + 2 * AS]);
            c2a = b0.fma(av, c2a);
            c2b = b1.fma(av, c2b);
            av = FloatVector.broadcast(S, ap[ai + 3 * AS]);
            c3a = b0.fma(av, c3a);
            c3b = b1.fma(av, c3b);
            av = FloatVector.broadcast(S, ap[ai + 4 * AS]);
            c4a = b0.fma(av, c4a);
            c4b = b1.fma(av, c4b);
            av = FloatVector.broadcast(S, ap[ai + 5 * AS]);
            c5a = b0.fma(av, c5a);
            c5b = b1.fma(av, c5b);
        }
        c0a.intoArray(tile, to + 0 * NR);
        c0b.intoArray(tile, to + 0 * NR + L);
        c1a.intoArray(tile, to + 1 * NR);
        c1b.intoArray(tile, to + 1 * NR + L);
        c2a.intoArray(tile, to + 2 * NR);
        c2b.intoArray(tile, to + 2 * NR + L);
        c3a.intoArray(tile, to + 3 * NR);
        c3b.intoArray(tile, to + 3 * NR + L);
        c4a.intoArray(tile, to + 4 * NR);
        c4b.intoArray(tile, to + 4 * NR + L);
        c5a.intoArray(tile, to + 5 * NR);
        c5b.intoArray(tile, to + 5 * NR + L);
    }

    /**
     * Stores {@code rows} full rows of a tile to C: {@code C = tile + X} (X null for none), with unit column
     * strides and byte offsets. A loop, so that the kernels themselves stay small enough for every JIT tier.
     */
    static void merge(float[] tile, int rows, MemorySegment c, long cb, long ldc, MemorySegment x, long xb, long ldx) {
        for (int r = 0; r < rows; r++) {
            FloatVector v0 = FloatVector.fromArray(S, tile, r * NR);
            FloatVector v1 = FloatVector.fromArray(S, tile, r * NR + L);
            if (x != null) {
                v0 = v0.add(FloatVector.fromMemorySegment(S, x, xb + r * ldx, LE));
                v1 = v1.add(FloatVector.fromMemorySegment(S, x, xb + r * ldx + VB, LE));
            }
            v0.intoMemorySegment(c, cb + r * ldc, LE);
            v1.intoMemorySegment(c, cb + r * ldc + VB, LE);
        }
    }

    /** As {@link #merge} with one addend per row: {@code C[r, :] = tile[r, :] + x[xi + r * xRs]} (element offsets). */
    static void mergeRowAddend(float[] tile, int rows, MemorySegment c, long cb, long ldc, MemorySegment x, long xi,
            long xRs) {
        for (int r = 0; r < rows; r++) {
            FloatVector add = FloatVector.broadcast(S, x.getAtIndex(Elements.F32, xi + r * xRs));
            FloatVector.fromArray(S, tile, r * NR).add(add).intoMemorySegment(c, cb + r * ldc, LE);
            FloatVector.fromArray(S, tile, r * NR + L).add(add).intoMemorySegment(c, cb + r * ldc + VB, LE);
        }
    }

    /**
     * A tile narrower than {@code NR} ({@code nr} columns, the last of a row block) stored to a C with unit column
     * stride: {@code C[r, :nr] = tile[r, :nr] (+ x[xi + r * xRs] when x is not null)}. Each row goes out as one
     * bulk copy (the addend added in the tile first), not element by element.
     */
    static void mergeNarrow(float[] tile, int rows, int nr, MemorySegment c, long ci, long cRs, MemorySegment x,
            long xi, long xRs) {
        for (int r = 0; r < rows; r++) {
            if (x != null) {
                FloatVector add = FloatVector.broadcast(S, x.getAtIndex(Elements.F32, xi + r * xRs));
                FloatVector.fromArray(S, tile, r * NR).add(add).intoArray(tile, r * NR);
                FloatVector.fromArray(S, tile, r * NR + L).add(add).intoArray(tile, r * NR + L);
            }
            MemorySegment.copy(tile, r * NR, c, Elements.F32, (ci + r * cRs) * 4, nr);
        }
    }
}
