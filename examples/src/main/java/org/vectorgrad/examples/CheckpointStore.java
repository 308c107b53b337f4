package org.vectorgrad.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vectorgrad.io.Checkpoints;
import org.vectorgrad.nn.Module;
import org.vectorgrad.optim.Optimizer;

/**
 * The trainer's checkpoints in one directory: {@code <model>-epoch-<NNNN>.safetensors} (model, optimizer state and
 * the run's metadata, written atomically by {@link Checkpoints}) next to {@code <same name>.sha256}, a
 * {@code sha256sum}-compatible digest written after it.
 *
 * <p>Why the digest file: the rename makes a checkpoint appear whole or not at all, but nothing in the safetensors
 * format detects flipped or truncated tensor bytes, and a run killed between the two writes must not count. A
 * checkpoint is therefore usable only when its digest file exists and matches; the digest is written last, so its
 * presence also marks the checkpoint complete.
 */
final class CheckpointStore {
    private static final String EXT = ".safetensors";
    private static final String SUM_EXT = ".sha256";

    private final Path dir;
    private final String prefix;
    private final int keep;
    private final Pattern name;

    /** What {@link #resume} found: the epoch of the checkpoint loaded and the metadata saved with it. */
    record Resumed(int epoch, Path file, Map<String, String> metadata) {
    }

    /** Checkpoints of model {@code prefix} in {@code dir}, keeping the {@code keep} most recent epochs. */
    CheckpointStore(Path dir, String prefix, int keep) {
        this.dir = dir;
        this.prefix = prefix;
        this.keep = keep;
        this.name = Pattern.compile(Pattern.quote(prefix) + "-epoch-(\\d{1,9})" + Pattern.quote(EXT));
    }

    /** The checkpoint file of {@code epoch}. */
    Path file(int epoch) {
        return dir.resolve(String.format("%s-epoch-%04d%s", prefix, epoch, EXT));
    }

    /** The digest file that vouches for {@code checkpoint}. */
    static Path sumFile(Path checkpoint) {
        return checkpoint.resolveSibling(checkpoint.getFileName() + SUM_EXT);
    }

    /**
     * Saves the state after {@code epoch}, then drops checkpoints older than the {@code keep} most recent ones.
     * Nothing in {@code model} or {@code optimizer} is modified.
     */
    void save(int epoch, Module model, Optimizer optimizer, Map<String, String> metadata) throws IOException {
        Files.createDirectories(dir);
        Path file = file(epoch);
        // a digest left from an older file of this name must never vouch for the new one
        Files.deleteIfExists(sumFile(file));
        Checkpoints.save(file, model, optimizer, null, metadata);
        writeAtomically(sumFile(file), sha256(file) + "  " + file.getFileName() + "\n");
        for (int old : epochs()) {
            if (old <= epoch - keep) {
                Files.deleteIfExists(sumFile(file(old)));
                Files.deleteIfExists(file(old));
            }
        }
    }

    /**
     * Loads the most recent usable checkpoint into {@code model} and {@code optimizer}, newest first: one without a
     * digest file (incomplete), with a wrong digest (corrupt) or that does not load is reported on {@code warn} and
     * the next older one is tried. Leftover temporary files of an interrupted save are removed. Returns null, after
     * saying so on {@code info}, when no checkpoint is usable; model and optimizer may then hold a rejected
     * checkpoint's values (one whose metadata contradicts its name), so the caller builds them afresh.
     */
    Resumed resume(Module model, Optimizer optimizer, PrintStream info, PrintStream warn) throws IOException {
        if (!Files.isDirectory(dir)) {
            info.println("No checkpoint in " + dir + ": starting from scratch.");
            return null;
        }
        removeLeftovers(info);
        List<Integer> found = epochs();
        for (int i = found.size() - 1; i >= 0; i--) {
            int epoch = found.get(i);
            Path file = file(epoch);
            String problem = check(file);
            if (problem == null) {
                try {
                    Map<String, String> meta = Checkpoints.load(file, model, optimizer, null);
                    if (String.valueOf(epoch).equals(meta.get("epoch"))) {
                        info.println("Resuming from " + file + " (epoch " + epoch + " done).");
                        return new Resumed(epoch, file, meta);
                    }
                    // loaded but mislabelled; an older checkpoint overwrites it all, and after a null return the
                    // caller builds model and optimizer afresh
                    problem = "its metadata says epoch " + meta.get("epoch") + ", its name says " + epoch;
                } catch (IOException | RuntimeException e) {
                    problem = "it does not load: " + e.getMessage();
                }
            }
            warn.println("Rejecting checkpoint " + file + ": " + problem + "."
                    + (i > 0 ? " Trying the previous one." : ""));
        }
        info.println(found.isEmpty() ? "No checkpoint in " + dir + ": starting from scratch."
                : "No usable checkpoint in " + dir + ": starting from scratch.");
        return null;
    }

    /** Why {@code file} cannot be trusted, or null when its digest file exists and matches. */
    private static String check(Path file) throws IOException {
        Path sum = sumFile(file);
        if (!Files.isRegularFile(sum)) {
            return "no " + sum.getFileName() + " next to it, so it was never completely saved "
                    + "(the run was probably stopped while saving)";
        }
        String line = Files.readString(sum, StandardCharsets.UTF_8).trim();
        String expected = line.split("\\s+", 2)[0];
        String actual = sha256(file);
        if (!actual.equalsIgnoreCase(expected)) {
            return "it is corrupt (SHA-256 " + actual + ", but " + sum.getFileName() + " says " + expected + ")";
        }
        return null;
    }

    /** Epochs of the checkpoint files present, ascending (whether complete or not). */
    List<Integer> epochs() throws IOException {
        List<Integer> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                Matcher m = name.matcher(p.getFileName().toString());
                if (m.matches() && Files.isRegularFile(p)) {
                    out.add(Integer.parseInt(m.group(1)));
                }
            }
        }
        out.sort(null);
        return out;
    }

    /** Deletes the hidden temporary files that a save killed before its rename leaves behind. */
    private void removeLeftovers(PrintStream info) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "." + prefix + "-epoch-*.tmp")) {
            for (Path p : files) {
                info.println("Removing " + p.getFileName() + ", left by an interrupted save.");
                Files.deleteIfExists(p);
            }
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        byte[] buf = new byte[1 << 16];
        try (var in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Temporary file, forced to disk, renamed over the target: readers see the old content or the new. */
    private static void writeAtomically(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            c.write(java.nio.ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
            c.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
