package org.vectorgrad.data;

import org.vectorgrad.engine.Generator;

/** Random permutations on the heap (a sampler needs plain indices, not an off-heap array). */
final class Permutation {
    private Permutation() {
    }

    /** A random permutation of {@code 0..n-1}: Fisher-Yates with the same draws as {@code randperm(g, n)}. */
    static int[] of(Generator g, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = (int) g.nextLong(0, i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
