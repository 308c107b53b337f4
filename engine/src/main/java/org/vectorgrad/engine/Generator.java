package org.vectorgrad.engine;

import java.util.SplittableRandom;

/**
 * A seedable source of random numbers, as PyTorch's {@code torch.Generator}. Random arrays are filled
 * serially from one stream, so the values depend on the seed only, never on the number of threads.
 */
public final class Generator {
    private static final Generator DEFAULT = new Generator(0x5eed_1234_5678L);

    private SplittableRandom random;
    private long seed;

    /** A generator seeded with {@code seed}. */
    public Generator(long seed) {
        manualSeed(seed);
    }

    /** The process-wide default generator that factories use when none is given. */
    public static Generator defaultGenerator() {
        return DEFAULT;
    }

    /** Reseeds (PyTorch's {@code manual_seed}) and returns this. */
    public synchronized Generator manualSeed(long newSeed) {
        this.seed = newSeed;
        this.random = new SplittableRandom(newSeed);
        return this;
    }

    /** The seed last set. */
    public synchronized long initialSeed() {
        return seed;
    }

    /** Uniform in [0, 1). */
    public synchronized double nextDouble() {
        return random.nextDouble();
    }

    /** Standard normal. */
    public synchronized double nextGaussian() {
        return random.nextGaussian();
    }

    /** Uniform integer in [low, high). */
    public synchronized long nextLong(long low, long high) {
        return random.nextLong(low, high);
    }
}
