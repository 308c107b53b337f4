package org.vectorgrad.engine;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Guards against the Vector API's silent scalar fallback: without the C2 JIT (-Xint, a capped
 * {@code -XX:TieredStopAtLevel}), with vector intrinsics disabled ({@code -XX:-EnableVectorSupport},
 * {@code -XX:MaxVectorSize} below 16) or on a JVM that does not intrinsify {@code jdk.incubator.vector}
 * (OpenJ9, Zero), every vector op runs as Java code and the kernels are 10-100x slower with no error.
 *
 * <p>{@link #checkOnce()} runs when the engine starts (reads a few JVM flags, no timing) and logs one warning
 * naming the flag or JVM at fault. {@link #measuredSpeedup()} is the expensive, empirical check: it times an FMA
 * loop against its scalar twin (benchmarks and tests call it).
 */
public final class VectorSupport {
    private static final System.Logger LOG = System.getLogger("org.vectorgrad.engine");
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static volatile List<String> problems;

    private VectorSupport() {
    }

    /** Checks the JVM once per process and logs a warning if SIMD kernels will fall back to scalar code. */
    public static void checkOnce() {
        if (problems == null) {
            synchronized (VectorSupport.class) {
                if (problems == null) {
                    problems = List.copyOf(problems(System.getProperty("java.vm.name", ""),
                            System.getProperty("java.vm.info", ""), S.vectorBitSize(), VectorSupport::vmOption));
                    if (!problems.isEmpty()) {
                        LOG.log(System.Logger.Level.WARNING, warning(problems));
                    }
                }
            }
        }
    }

    /** The problems found by {@link #checkOnce()} (empty when the vector kernels run as SIMD code). */
    public static List<String> problems() {
        checkOnce();
        return problems;
    }

    /** The one-line warning for a list of problems. */
    static String warning(List<String> found) {
        return "vectorgrad: SIMD kernels will run as slow scalar code (Vector API fallback): "
                + String.join("; ", found);
    }

    /**
     * The problems implied by the JVM's name, its {@code java.vm.info}, the preferred vector size and its flags
     * ({@code option} returns a flag's value, empty when the JVM has no such flag). Separate for tests.
     */
    static List<String> problems(String vmName, String vmInfo, int vectorBits,
            Function<String, Optional<String>> option) {
        List<String> found = new ArrayList<>();
        if (vmInfo.contains("interpreted mode")) {
            found.add("the JVM runs interpreted only: remove -Xint");
        }
        if (vmName.contains("OpenJ9") || vmName.contains("Zero") || vmName.contains("Client VM")) {
            found.add("the JVM '" + vmName + "' does not compile jdk.incubator.vector to SIMD instructions: use a"
                    + " HotSpot JDK (Server VM with C2)");
        }
        if (option.apply("UseCompiler").filter("false"::equals).isPresent()) {
            found.add("the JIT is disabled: remove -XX:-UseCompiler");
        }
        boolean tiered = option.apply("TieredCompilation").map("true"::equals).orElse(false);
        Optional<Integer> stop = option.apply("TieredStopAtLevel").map(Integer::valueOf);
        if (tiered && stop.isPresent() && stop.get() < 4) {
            found.add("C2 never compiles: remove -XX:TieredStopAtLevel=" + stop.get());
        }
        if (option.apply("EnableVectorSupport").filter("false"::equals).isPresent()) {
            found.add("vector intrinsics are off: remove -XX:-EnableVectorSupport");
        }
        Optional<Integer> max = option.apply("MaxVectorSize").map(Integer::valueOf);
        if (max.isPresent() && max.get() < 16) {
            found.add("vectors are capped at " + max.get() + " bytes: remove -XX:MaxVectorSize=" + max.get());
        } else if (vectorBits < 128) {
            found.add("the preferred vector species has only " + vectorBits + " bits");
        }
        return found;
    }

    private static Optional<String> vmOption(String name) {
        try {
            HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (bean == null) {
                return Optional.empty();
            }
            VMOption option = bean.getVMOption(name);
            return Optional.of(option.getValue());
        } catch (IllegalArgumentException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * Times a float FMA loop on vectors of the preferred species against the same loop on scalars (best of many
     * runs, so that the JIT has compiled both) and returns how many times faster the vector loop is: about the
     * lane count when the Vector API is intrinsified, well below 1 when it falls back to Java code. Takes up to
     * two seconds (less once the vector loop is clearly fast).
     */
    public static double measuredSpeedup() {
        float[] data = new float[4096];
        for (int i = 0; i < data.length; i++) {
            data[i] = (i % 7) * 0.25f;
        }
        long bestVector = Long.MAX_VALUE;
        long bestScalar = Long.MAX_VALUE;
        float sink = 0;
        long deadline = System.nanoTime() + 2_000_000_000L;
        for (int round = 0; System.nanoTime() < deadline; round++) {
            long t0 = System.nanoTime();
            sink += vectorLoop(data);
            long t1 = System.nanoTime();
            sink += scalarLoop(data);
            long t2 = System.nanoTime();
            bestVector = Math.min(bestVector, t1 - t0);
            bestScalar = Math.min(bestScalar, t2 - t1);
            if (round >= 200 && bestScalar > bestVector * Math.max(2, S.length() / 2)) {
                break;
            }
        }
        if (sink == 42.4242f) {
            LOG.log(System.Logger.Level.TRACE, "unlikely");
        }
        return (double) bestScalar / Math.max(bestVector, 1);
    }

    private static float vectorLoop(float[] data) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = s0;
        int l = S.length();
        for (int rep = 0; rep < 64; rep++) {
            for (int i = 0; i + 2 * l <= data.length; i += 2 * l) {
                FloatVector x = FloatVector.fromArray(S, data, i);
                FloatVector y = FloatVector.fromArray(S, data, i + l);
                s0 = x.fma(y, s0);
                s1 = y.fma(x, s1);
            }
        }
        return s0.add(s1).reduceLanes(VectorOperators.ADD);
    }

    private static float scalarLoop(float[] data) {
        float s0 = 0;
        float s1 = 0;
        for (int rep = 0; rep < 64; rep++) {
            for (int i = 0; i + 1 < data.length; i += 2) {
                s0 = Math.fma(data[i], data[i + 1], s0);
                s1 = Math.fma(data[i + 1], data[i], s1);
            }
        }
        return s0 + s1;
    }
}
