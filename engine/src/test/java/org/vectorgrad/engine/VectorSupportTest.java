package org.vectorgrad.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VectorSupportTest {
    @Test
    void thisJvmRunsVectorsAsSimd() {
        // Only the settings are asserted here: a timed speed-up would be flaky on a shared machine (perf measures it).
        assertEquals(List.of(), VectorSupport.problems());
    }

    @Test
    void eachBadSettingIsNamed() {
        Map<String, String> flags = Map.of("UseCompiler", "true", "TieredCompilation", "true",
                "TieredStopAtLevel", "1", "MaxVectorSize", "8", "EnableVectorSupport", "false");
        List<String> found = VectorSupport.problems("OpenJDK 64-Bit Server VM", "interpreted mode, sharing", 512,
                name -> Optional.ofNullable(flags.get(name)));
        String all = String.join("\n", found);
        assertTrue(all.contains("-Xint"), all);
        assertTrue(all.contains("-XX:TieredStopAtLevel=1"), all);
        assertTrue(all.contains("-XX:MaxVectorSize=8"), all);
        assertTrue(all.contains("-XX:-EnableVectorSupport"), all);
        assertTrue(VectorSupport.problems("Eclipse OpenJ9 VM", "JIT enabled", 256, name -> Optional.empty())
                .get(0).contains("OpenJ9"));
        assertEquals(List.of(), VectorSupport.problems("OpenJDK 64-Bit Server VM", "mixed mode", 256,
                name -> Optional.empty()));
    }

    /** A JVM without C2 logs the warning when the engine starts (its first array). */
    @Test
    void aJvmWithoutC2WarnsAtEngineStart() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "--add-modules", "jdk.incubator.vector",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                EngineStart.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertTrue(out.contains("SIMD kernels will run as slow scalar code") && out.contains("TieredStopAtLevel=1"),
                out);
    }

    /** The child process of {@link #aJvmWithoutC2WarnsAtEngineStart}. */
    public static final class EngineStart {
        public static void main(String[] args) {
            NDArrays.zeros(2).close();
        }
    }
}
