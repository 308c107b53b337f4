package org.vectorgrad.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The three transforms of Winograd's F(4x4, 3x3) (Lavin and Gray's points 0, 1, -1, 2, -2, infinity): a 4 x 4
 * block of a 3 x 3 correlation is {@code A^T [(G g G^T) * (B^T d B)] A} for the 6 x 6 input tile {@code d} and the
 * kernel {@code g}, 36 multiplications instead of 144. Each 2-d transform is two passes of a 1-d one (rows, then
 * columns); the input and output passes run on vectors of channels, one vector per tile position, read and
 * written through arrays so that no vector crosses a method boundary.
 */
final class WinogradTransformF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Tile side: 4 outputs + 2. */
    static final int ALPHA = 6;
    /** Outputs per tile side. */
    static final int OUT = 4;
    /** Points of a transformed tile. */
    static final int POINTS = ALPHA * ALPHA;
    /** Where the first pass of {@link #inputTile} leaves row {@code i}: six vectors per row. */
    private static final int[] SIX_ROWS = lineRows(ALPHA);

    private WinogradTransformF32() {
    }

    /**
     * Where the first pass of a 2-d transform leaves row {@code i} of a tile for the second, in a line of
     * {@code width} vectors per row: {@code i * width * L} for the six rows.
     */
    static int[] lineRows(int width) {
        int[] rows = new int[ALPHA];
        for (int i = 0; i < ALPHA; i++) {
            rows[i] = i * width * L;
        }
        return rows;
    }

    /**
     * {@code B^T d B} of the 6 x 6 tile whose corner is {@code image[corner]} in a channels-last image (pixels
     * {@code cp} apart, rows {@code rowStride} apart), for each vector of its {@code cp} channels: point {@code p}
     * of channels {@code [cv, cv + L)} stored at {@code dst[base + cv + points[p]]}. {@code line} (36 vectors)
     * holds the first pass.
     */
    static void inputTile(float[] image, int corner, int rowStride, int cp, float[] line, float[] dst, int base,
            int[] points) {
        for (int cv = 0; cv < cp; cv += L) {
            // B^T down each column of the tile, then along each row
            for (int j = 0; j < ALPHA; j++) {
                input(image, corner + j * cp + cv, rowStride, line, j * L, SIX_ROWS, 0);
            }
            for (int i = 0; i < ALPHA; i++) {
                input(line, i * ALPHA * L, L, dst, base + cv, points, i * ALPHA);
            }
        }
    }

    /**
     * {@code B^T} along one line of six vectors: {@code d_i = src[so + i*ss]}, result {@code i} stored at
     * {@code dst[base + offsets[oi + i]]}.
     */
    static void input(float[] src, int so, int ss, float[] dst, int base, int[] offsets, int oi) {
        FloatVector four = FloatVector.broadcast(S, 4f);
        FloatVector minusFour = FloatVector.broadcast(S, -4f);
        FloatVector minusFive = FloatVector.broadcast(S, -5f);
        FloatVector two = FloatVector.broadcast(S, 2f);
        FloatVector minusTwo = FloatVector.broadcast(S, -2f);
        FloatVector d0 = FloatVector.fromArray(S, src, so);
        FloatVector d1 = FloatVector.fromArray(S, src, so + ss);
        FloatVector d2 = FloatVector.fromArray(S, src, so + 2 * ss);
        FloatVector d3 = FloatVector.fromArray(S, src, so + 3 * ss);
        FloatVector d4 = FloatVector.fromArray(S, src, so + 4 * ss);
        FloatVector d5 = FloatVector.fromArray(S, src, so + 5 * ss);
        FloatVector sum12 = d1.add(d2);
        FloatVector diff12 = d1.sub(d2);
        FloatVector diff31 = d3.sub(d1);
        FloatVector diff42 = d4.sub(d2);
        d0.fma(four, d2.fma(minusFive, d4)).intoArray(dst, base + offsets[oi]);
        sum12.fma(minusFour, d4.add(d3)).intoArray(dst, base + offsets[oi + 1]);
        diff12.fma(four, d4.sub(d3)).intoArray(dst, base + offsets[oi + 2]);
        diff31.fma(two, diff42).intoArray(dst, base + offsets[oi + 3]);
        diff31.fma(minusTwo, diff42).intoArray(dst, base + offsets[oi + 4]);
        d1.fma(four, d3.fma(minusFive, d5)).intoArray(dst, base + offsets[oi + 5]);
    }

    /**
     * {@code A^T} along one line of six vectors: {@code m_i = src[so + i*ss]}, result {@code j} (of four) stored at
     * {@code dst[dOff + j*ds]}.
     */
    static void output(float[] src, int so, int ss, float[] dst, int dOff, int ds) {
        FloatVector two = FloatVector.broadcast(S, 2f);
        FloatVector four = FloatVector.broadcast(S, 4f);
        FloatVector eight = FloatVector.broadcast(S, 8f);
        FloatVector m0 = FloatVector.fromArray(S, src, so);
        FloatVector m1 = FloatVector.fromArray(S, src, so + ss);
        FloatVector m2 = FloatVector.fromArray(S, src, so + 2 * ss);
        FloatVector m3 = FloatVector.fromArray(S, src, so + 3 * ss);
        FloatVector m4 = FloatVector.fromArray(S, src, so + 4 * ss);
        FloatVector m5 = FloatVector.fromArray(S, src, so + 5 * ss);
        FloatVector sum12 = m1.add(m2);
        FloatVector diff12 = m1.sub(m2);
        FloatVector sum34 = m3.add(m4);
        FloatVector diff34 = m3.sub(m4);
        m0.add(sum12).add(sum34).intoArray(dst, dOff);
        diff34.fma(two, diff12).intoArray(dst, dOff + ds);
        sum34.fma(four, sum12).intoArray(dst, dOff + 2 * ds);
        diff34.fma(eight, diff12.add(m5)).intoArray(dst, dOff + 3 * ds);
    }

    /**
     * {@code A} along one line of four vectors (a 4 x 4 block of output gradient to a 6 x 6 tile, the adjoint of
     * {@link #output}): {@code g_i = src[so + i*ss]}, result {@code i} (of six) stored at
     * {@code dst[base + offsets[oi + i]]}.
     */
    static void gradient(float[] src, int so, int ss, float[] dst, int base, int[] offsets, int oi) {
        FloatVector two = FloatVector.broadcast(S, 2f);
        FloatVector four = FloatVector.broadcast(S, 4f);
        FloatVector eight = FloatVector.broadcast(S, 8f);
        FloatVector g0 = FloatVector.fromArray(S, src, so);
        FloatVector g1 = FloatVector.fromArray(S, src, so + ss);
        FloatVector g2 = FloatVector.fromArray(S, src, so + 2 * ss);
        FloatVector g3 = FloatVector.fromArray(S, src, so + 3 * ss);
        FloatVector even = g0.add(g2);
        FloatVector odd = g1.add(g3);
        FloatVector evenScaled = g2.fma(four, g0);
        FloatVector oddScaled = g3.fma(four, g1).mul(two);
        g0.intoArray(dst, base + offsets[oi]);
        even.add(odd).intoArray(dst, base + offsets[oi + 1]);
        even.sub(odd).intoArray(dst, base + offsets[oi + 2]);
        evenScaled.add(oddScaled).intoArray(dst, base + offsets[oi + 3]);
        evenScaled.sub(oddScaled).intoArray(dst, base + offsets[oi + 4]);
        g3.intoArray(dst, base + offsets[oi + 5]);
    }

    /**
     * {@code G g G^T} of the 3 x 3 kernels of a vector of output channels: tap {@code t} of the kernels at
     * {@code src[so + t * ss]}, point {@code p} (row-major 6 x 6) stored at {@code dst[dOff + p * ds]};
     * {@code half} holds {@code G g} between the passes.
     */
    static void kernel(float[] src, int so, int ss, float[] half, float[] dst, int dOff, int ds) {
        for (int b = 0; b < 3; b++) {
            kernelLine(src, so + b * ss, 3 * ss, half, b * L, 3 * L); // G g: column b
        }
        for (int i = 0; i < ALPHA; i++) {
            kernelLine(half, 3 * i * L, L, dst, dOff + ALPHA * i * ds, ds); // (G g) G^T: row i
        }
    }

    /** G times the three vectors {@code src[so + j * ss]}, into {@code dst[dOff + i * ds]}. */
    private static void kernelLine(float[] src, int so, int ss, float[] dst, int dOff, int ds) {
        FloatVector g0 = FloatVector.fromArray(S, src, so);
        FloatVector g1 = FloatVector.fromArray(S, src, so + ss);
        FloatVector g2 = FloatVector.fromArray(S, src, so + 2 * ss);
        FloatVector outer = g0.add(g2);
        FloatVector even = g0.mul(1f / 24).add(g2.mul(1f / 6));
        FloatVector odd = g1.mul(1f / 12);
        g0.mul(0.25f).intoArray(dst, dOff);
        outer.add(g1).mul(-1f / 6).intoArray(dst, dOff + ds);
        outer.sub(g1).mul(-1f / 6).intoArray(dst, dOff + 2 * ds);
        even.add(odd).intoArray(dst, dOff + 3 * ds);
        even.sub(odd).intoArray(dst, dOff + 4 * ds);
        g2.intoArray(dst, dOff + 5 * ds);
    }

    /**
     * {@code G^T u G} of a 6 x 6 tile ({@code u[6i + j]}) into {@code g} (row-major 3 x 3), in double: the
     * adjoint of {@link #kernel}, which takes a gradient with respect to the transformed kernel back to the kernel.
     */
    static void kernelGradient(double[] u, double[] half, double[] g) {
        for (int j = 0; j < ALPHA; j++) {
            gradientLine(u, j, ALPHA, half, j, ALPHA); // G^T u: column j
        }
        for (int a = 0; a < 3; a++) {
            gradientLine(half, ALPHA * a, 1, g, 3 * a, 1); // (G^T u) G: row a
        }
    }

    /** G^T times the 6-vector {@code v[off + i * vs]}, into {@code out[oOff + a * os]}. */
    private static void gradientLine(double[] v, int off, int vs, double[] out, int oOff, int os) {
        double u0 = v[off], u1 = v[off + vs], u2 = v[off + 2 * vs], u3 = v[off + 3 * vs], u4 = v[off + 4 * vs],
                u5 = v[off + 5 * vs];
        double sum12 = u1 + u2;
        double sum34 = u3 + u4;
        out[oOff] = u0 * 0.25 - sum12 * (1.0 / 6) + sum34 * (1.0 / 24);
        out[oOff + os] = (u2 - u1) * (1.0 / 6) + (u3 - u4) * (1.0 / 12);
        out[oOff + 2 * os] = (sum34 - sum12) * (1.0 / 6) + u5;
    }
}
