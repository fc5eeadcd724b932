package dev.berth.registry.auth;

import dev.berth.registry.watch.InvalidFileException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Changes to an htpasswd file, made as Apache's {@code htpasswd} makes them: every other line kept as it was, the
 * file replaced whole (a running registry never reads half of it) with its permissions, {@code 0600} when new. A
 * lock file beside it keeps two changes at once from losing one.
 */
public final class UsersFile {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path path;

    public UsersFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** The accounts as the file has them now; none if there is no file yet. */
    public Htpasswd read() throws IOException, InvalidFileException {
        return Htpasswd.parse(path.toString(), Files.exists(path) ? Files.readString(path) : "");
    }

    /**
     * Sets the account's password hash (adding the account if new) and when it expires, if it does.
     *
     * @throws InvalidFileException if the file as it is cannot be read, so that nothing in it is lost
     */
    public void put(String name, String hash, Optional<Instant> expires) throws IOException, InvalidFileException {
        change(name, lines -> {
            if (expires.isPresent()) {
                lines.add(Htpasswd.expiryLine(name, expires.get()));
            }
            lines.add(name + ":" + hash);
        });
    }

    /** Removes the account; false if there was none. */
    public boolean remove(String name) throws IOException, InvalidFileException {
        return change(name, lines -> { });
    }

    private interface Edit {
        void add(List<String> lines);
    }

    /** Rewrites the file without the account's lines, then lets the edit add new ones; whether it had the account. */
    private boolean change(String name, Edit edit) throws IOException, InvalidFileException {
        try (FileLock lock = lock()) {
            boolean had = read().names().contains(name);
            List<String> lines = new ArrayList<>();
            if (Files.exists(path)) {
                for (String line : Files.readAllLines(path)) {
                    boolean account = line.startsWith(name + ":");
                    boolean expiry = line.strip().startsWith(Htpasswd.EXPIRY_COMMENT + name + " ");
                    if (!account && !expiry) {
                        lines.add(line);
                    }
                }
            }
            edit.add(lines);
            Path next = path.resolveSibling(path.getFileName() + ".next");
            Files.deleteIfExists(next);
            Files.createFile(next, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            if (Files.exists(path)) {
                Files.setPosixFilePermissions(next, Files.getPosixFilePermissions(path));
            }
            Files.write(next, lines, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
            try {
                Files.move(next, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(next, path, StandardCopyOption.REPLACE_EXISTING);
            }
            return had;
        }
    }

    private FileLock lock() throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        FileChannel channel = FileChannel.open(parent.resolve(path.getFileName() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            return new ClosingLock(channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** A lock that closes its channel when released. */
    private static final class ClosingLock extends FileLock {

        private final FileLock lock;

        ClosingLock(FileChannel channel, FileLock lock) {
            super(channel, lock.position(), lock.size(), lock.isShared());
            this.lock = lock;
        }

        @Override
        public boolean isValid() {
            return lock.isValid();
        }

        @Override
        public void release() throws IOException {
            lock.release();
            channel().close();
        }
    }
}
