package dev.berth.cli.daemon;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Where the build daemon of a user and a Berth program listens and logs: a directory of its own under
 * {@code BERTH_DAEMON_DIR}, else {@code $XDG_RUNTIME_DIR/berth}, else {@code ~/.cache/berth}, named after the
 * program (its JDK and class path), so that two Berth builds or checkouts each have theirs.
 *
 * @param socket the daemon's Unix socket, readable and writable by its user only
 * @param log    the daemon's own output (JVM warnings, crashes), appended to
 * @param pid    the daemon's process id, for scripts that stop it
 */
public record DaemonFiles(Path socket, Path log, Path pid) {

    /** Unix socket paths are limited to 108 bytes; with a longer one builds run without a daemon. */
    private static final int MAX_SOCKET_PATH = 100;

    /** The files of this program's daemon for the user whose environment this is. */
    public static DaemonFiles forUser(Map<String, String> environment) {
        return in(root(environment).resolve("daemon-" + hash(programStamp())));
    }

    /** The files in a daemon directory. */
    static DaemonFiles in(Path directory) {
        Path absolute = directory.toAbsolutePath().normalize();
        return new DaemonFiles(absolute.resolve("daemon.sock"), absolute.resolve("daemon.log"),
                absolute.resolve("daemon.pid"));
    }

    /** The directory of the files. */
    public Path directory() {
        return socket.getParent();
    }

    boolean usable() {
        return socket.toString().length() <= MAX_SOCKET_PATH;
    }

    /** This program: the JDK, and every class path entry with its modification time. */
    static String programStamp() {
        StringBuilder stamp = new StringBuilder(System.getProperty("java.home"));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            stamp.append('|').append(entry).append('@').append(new File(entry).lastModified());
        }
        return stamp.toString();
    }

    private static Path root(Map<String, String> environment) {
        String explicit = environment.get("BERTH_DAEMON_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String runtime = environment.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            return Path.of(runtime, "berth");
        }
        String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".cache", "berth");
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
