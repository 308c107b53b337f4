package org.vectorgrad.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Atomic replacement of a file: the content goes to a temporary file in the target's directory (same file system,
 * so the rename is atomic), is forced to disk, and is renamed over the target; the directory is then synced so the
 * rename itself survives a crash. Readers see the old file or the new one, never a partial one.
 */
final class AtomicFiles {
    /** Writes the content of the file. */
    @FunctionalInterface
    interface Content {
        void writeTo(FileChannel channel) throws IOException;
    }

    private AtomicFiles() {
    }

    static void write(Path target, Content content) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        FileChannel channel = null;
        // not Files.createTempFile: it makes owner-only files, and the result should get the usual permissions
        while (channel == null) {
            tmp = dir.resolve("." + abs.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                    + ".tmp");
            try {
                channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                channel = null;
            }
        }
        boolean moved = false;
        try {
            try (FileChannel c = channel) {
                content.writeTo(c);
                c.force(true);
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
            syncDirectory(dir);
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // some platforms cannot open or sync a directory; the file's own data was already forced to disk
        }
    }
}
