package org.vectorgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trainer process killed with SIGKILL during its third epoch (or while saving the second checkpoint): the next run
 * resumes from the last complete checkpoint and ends with the same bits as a run that was never interrupted.
 */
class KilledRunTest {
    @TempDir
    Path tmp;

    @Test
    void killedProcessResumesAndEndsBitIdentical() throws Exception {
        // more samples than elsewhere, so that the kill is likely to land inside an epoch (anywhere is fine)
        Path data = SyntheticFashion.write(tmp.resolve("data"), 1024, 128, 5);
        Path straight = tmp.resolve("straight");
        Path killed = tmp.resolve("killed");
        List<String> common = List.of("--data", data.toString(), "--seed", "3", "--epochs", "3");

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), Train.class.getName()));
        command.addAll(common);
        command.addAll(List.of("--checkpoint", killed.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder seen = new StringBuilder();
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
                BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8));
                for (String line; (line = lines.readLine()) != null; ) {
                    seen.append(line).append('\n');
                    // printed before epoch 2's checkpoint is saved, so epoch 1's is complete by now
                    if (line.startsWith("mlp epoch 2:")) {
                        break;
                    }
                }
            }, seen::toString);
        } finally {
            process.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
            process.waitFor();
        }
        assertTrue(seen.toString().contains("mlp epoch 2:"), seen::toString);

        Run resumed = Run.of(concat(common, "--checkpoint", killed.toString()));
        assertEquals(0, resumed.status(), resumed::toString);
        assertTrue(resumed.out().contains("Resuming from " + killed.resolve("mlp-epoch-000")), resumed::toString);

        Run full = Run.of(concat(common, "--checkpoint", straight.toString()));
        assertEquals(0, full.status(), full::toString);
        TrainEndToEndTest.assertSameTensors(straight.resolve("mlp-epoch-0003.safetensors"),
                killed.resolve("mlp-epoch-0003.safetensors"));
    }

    private static String[] concat(List<String> common, String... more) {
        List<String> all = new ArrayList<>(common);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
