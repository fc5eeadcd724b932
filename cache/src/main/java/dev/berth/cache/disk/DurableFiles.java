package dev.berth.cache.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.UUID;

/**
 * Crash-safe file writes: content goes to a temp file on the same filesystem, is forced to disk, and is renamed
 * into place atomically, so a final name never holds a partial file.
 */
final class DurableFiles {

    private final Path tmp;

    DurableFiles(Path tmp) throws IOException {
        this.tmp = Files.createDirectories(tmp);
    }

    /**
     * Removes temp files an earlier process left behind when it stopped mid-write: those last written before the
     * cutoff. A process that serves the directory alone takes them all; one that shares it keeps the recent ones,
     * which another process may be writing.
     */
    void removeLeftovers(Instant writtenBefore) throws IOException {
        try (var leftovers = Files.list(tmp)) {
            for (Path leftover : leftovers.toList()) {
                try {
                    if (Files.getLastModifiedTime(leftover).toInstant().isBefore(writtenBefore)) {
                        Files.deleteIfExists(leftover);
                    }
                } catch (NoSuchFileException renamedMeanwhile) {
                    // Its writer finished with it.
                }
            }
        }
    }

    /** A fresh temp path on the same filesystem as the store. */
    private Path newTempFile() {
        return tmp.resolve(UUID.randomUUID().toString());
    }

    /**
     * Writes the bytes durably under {@code target}, replacing what was there; when that fails (a full disk), the
     * temp file goes again and {@code target} is as it was.
     */
    void write(Path target, byte[] bytes) throws IOException {
        Path temp = newTempFile();
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            moveIntoPlace(temp, target);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * Writes the bytes under {@code target} atomically (a reader sees the old content or the new) but without forcing
     * them to disk: for records a crash may lose, such as garbage collection's touches, which the blob's own time
     * stands in for.
     */
    void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path temp = newTempFile();
        try {
            Files.write(temp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.createDirectories(target.getParent());
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /** Renames an already-forced file to {@code target} atomically and forces the directory entry. */
    void moveIntoPlace(Path source, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(source);
            throw new IOException("cannot rename atomically into " + target.getParent()
                    + ": the data directory and its tmp/ must be on one filesystem", e);
        }
        forceDirectory(target.getParent());
    }

    /** Forces a directory's entries to disk, so a rename or delete in it survives a crash. */
    static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (NoSuchFileException e) {
            // The directory went away with its contents: nothing left to force.
        }
    }
}
