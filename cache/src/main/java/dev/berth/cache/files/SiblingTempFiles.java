package dev.berth.cache.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Temp files for what a user asked to have written (an archive, an image layout, an ID file): created beside their
 * destination, so the final rename is atomic, and with the permissions the user's umask gives, as any other tool's
 * output would have. ({@link Files#createTempFile} makes them 0600, which a rename carries to the destination.)
 */
public final class SiblingTempFiles {

    private SiblingTempFiles() {
    }

    /** A new, empty, hidden file in {@code target}'s directory (created if absent), to be renamed to {@code target}. */
    public static Path create(Path target) throws IOException {
        Path directory = Files.createDirectories(target.toAbsolutePath().getParent());
        while (true) {
            Path temp = directory.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
            try {
                return Files.createFile(temp);
            } catch (FileAlreadyExistsException taken) {
                // A random name collided; take another.
            }
        }
    }
}
