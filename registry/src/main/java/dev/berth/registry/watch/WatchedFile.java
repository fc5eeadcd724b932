package dev.berth.registry.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A file of users, access rules or certificates as it is now: read again whenever it changes (its time, size or inode; tools such
 * as {@code htpasswd} replace the file), so that edits count without a restart. The file is looked at no more than
 * once per {@link #CHECK_INTERVAL}, so that busy registries do not pay a {@code stat} per request. A change that
 * cannot be read keeps the contents as they were, and the log says why, once per change.
 *
 * @param <T> what the file's text parses to
 */
public final class WatchedFile<T> implements Supplier<T> {

    /** How long an edit may take to count. */
    public static final Duration CHECK_INTERVAL = Duration.ofMillis(500);

    private static final System.Logger LOG = System.getLogger(WatchedFile.class.getName());

    /** Reads the file's text; {@code source} names the file in errors. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String source, String text) throws InvalidFileException;
    }

    private final Path path;
    private final Parser<T> parser;
    private volatile Loaded<T> loaded;
    private volatile Version refused;
    private volatile long nextCheck;

    private record Version(FileTime modified, long size, Object inode) {

        static Version of(Path path) throws IOException {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return new Version(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
        }
    }

    private record Loaded<T>(Version version, T contents) {
    }

    private WatchedFile(Path path, Parser<T> parser, Loaded<T> loaded) {
        this.path = path;
        this.parser = parser;
        this.loaded = loaded;
        this.nextCheck = System.nanoTime() + CHECK_INTERVAL.toNanos();
    }

    /**
     * Reads the file a first time.
     *
     * @throws InvalidFileException if the parser refuses it (naming file and line)
     */
    public static <T> WatchedFile<T> open(Path path, Parser<T> parser) throws IOException, InvalidFileException {
        Version version = Version.of(path);
        return new WatchedFile<>(path, parser, new Loaded<>(version, parser.parse(path.toString(),
                Files.readString(path))));
    }

    public Path path() {
        return path;
    }

    @Override
    public T get() {
        Loaded<T> current = loaded;
        long now = System.nanoTime();
        if (now - nextCheck < 0) {
            return current.contents();
        }
        nextCheck = now + CHECK_INTERVAL.toNanos();
        Version version;
        try {
            version = Version.of(path);
        } catch (IOException e) {
            warnOnce(null, "cannot read " + path + " (" + e.getMessage() + "); it counts as it was");
            return current.contents();
        }
        if (version.equals(current.version()) || version.equals(refused)) {
            return current.contents();
        }
        synchronized (this) {
            if (!version.equals(loaded.version())) {
                try {
                    loaded = new Loaded<>(version, parser.parse(path.toString(), Files.readString(path)));
                    LOG.log(System.Logger.Level.INFO, "read " + path + " again after a change");
                } catch (IOException | InvalidFileException e) {
                    warnOnce(version, e.getMessage() + "; it counts as it was until it is fixed");
                }
            }
            return loaded.contents();
        }
    }

    private void warnOnce(Version version, String message) {
        if (version == null || !Objects.equals(version, refused)) {
            refused = version;
            LOG.log(System.Logger.Level.WARNING, message);
        }
    }
}
