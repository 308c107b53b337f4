package org.vectorgrad.data;

import java.util.ArrayList;
import java.util.List;
import org.vectorgrad.engine.Generator;

/** Dataset utilities, as {@code torch.utils.data.random_split}. */
public final class Datasets {
    private Datasets() {
    }

    /**
     * Splits {@code dataset} into non-overlapping random subsets of the given lengths, which must sum to its size.
     * The permutation comes from {@code generator}, so a seed fixes the split.
     */
    public static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, int[] lengths, Generator generator) {
        long sum = 0;
        for (int l : lengths) {
            if (l < 0) {
                throw new IllegalArgumentException("random_split lengths must be non-negative, got " + l);
            }
            sum += l;
        }
        if (sum != dataset.size()) {
            throw new IllegalArgumentException("Sum of input lengths does not equal the length of the input dataset!");
        }
        int[] order = Permutation.of(generator, dataset.size());
        List<Subset<T>> out = new ArrayList<>();
        int offset = 0;
        for (int l : lengths) {
            int[] idx = new int[l];
            System.arraycopy(order, offset, idx, 0, l);
            out.add(new Subset<>(dataset, idx));
            offset += l;
        }
        return out;
    }

    /**
     * Splits by fractions that sum to 1, as PyTorch: each subset gets {@code floor(size * fraction)} samples and
     * the remainder is dealt out one by one, round-robin from the first subset.
     */
    public static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, double[] fractions, Generator generator) {
        double sum = 0;
        for (double f : fractions) {
            sum += f;
        }
        if (Math.abs(sum - 1) > 1e-9 || sum > 1 + 1e-9) {
            throw new IllegalArgumentException("Sum of input fractions must be 1, got " + sum);
        }
        int n = dataset.size();
        int[] lengths = new int[fractions.length];
        int total = 0;
        for (int i = 0; i < fractions.length; i++) {
            if (fractions[i] < 0 || fractions[i] > 1) {
                throw new IllegalArgumentException("Fraction at index " + i + " is not between 0 and 1");
            }
            lengths[i] = (int) Math.floor(n * fractions[i]);
            total += lengths[i];
        }
        for (int i = 0; i < n - total; i++) {
            lengths[i % lengths.length]++;
        }
        return randomSplit(dataset, lengths, generator);
    }
}
