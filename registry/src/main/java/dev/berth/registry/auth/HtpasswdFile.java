package dev.berth.registry.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The users of an htpasswd file as the file is now: read again whenever it changes (its time, size or inode; tools
 * such as {@code htpasswd} replace the file), so that users added or removed count without a restart. A change that
 * cannot be read keeps the users as they were, and the log says why, once per change.
 */
public final class HtpasswdFile implements Supplier<Htpasswd> {

    private static final System.Logger LOG = System.getLogger(HtpasswdFile.class.getName());

    private final Path path;
    private volatile Loaded loaded;
    private volatile Version refused;

    private record Version(FileTime modified, long size, Object inode) {

        static Version of(Path path) throws IOException {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return new Version(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
        }
    }

    private record Loaded(Version version, Htpasswd users) {
    }

    private HtpasswdFile(Path path, Loaded loaded) {
        this.path = path;
        this.loaded = loaded;
    }

    /**
     * Reads the file a first time.
     *
     * @throws InvalidHtpasswdException if it is not an htpasswd file of bcrypt hashes (naming file and line)
     */
    public static HtpasswdFile open(Path path) throws IOException, InvalidHtpasswdException {
        return new HtpasswdFile(path, load(path, Version.of(path)));
    }

    @Override
    public Htpasswd get() {
        Loaded current = loaded;
        Version now;
        try {
            now = Version.of(path);
        } catch (IOException e) {
            warnOnce(null, "cannot read " + path + " (" + e.getMessage() + "); the users stay as they were");
            return current.users();
        }
        if (now.equals(current.version()) || now.equals(refused)) {
            return current.users();
        }
        synchronized (this) {
            if (!now.equals(loaded.version())) {
                try {
                    loaded = load(path, now);
                    LOG.log(System.Logger.Level.INFO, "read " + loaded.users().users().size() + " users from " + path);
                } catch (IOException | InvalidHtpasswdException e) {
                    warnOnce(now, e.getMessage() + "; the users stay as they were until the file is fixed");
                }
            }
            return loaded.users();
        }
    }

    private void warnOnce(Version version, String message) {
        if (version == null || !Objects.equals(version, refused)) {
            refused = version;
            LOG.log(System.Logger.Level.WARNING, message);
        }
    }

    private static Loaded load(Path path, Version version) throws IOException, InvalidHtpasswdException {
        return new Loaded(version, Htpasswd.parse(path.toString(), Files.readString(path)));
    }
}
