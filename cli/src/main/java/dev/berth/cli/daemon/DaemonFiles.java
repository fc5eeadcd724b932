package dev.berth.cli.daemon;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where the build daemon of a builder data directory listens and logs, and what a client and the daemon must share
 * for a build to run in the daemon: the same program and the same environment.
 *
 * @param socket the daemon's Unix socket, readable and writable by its user only
 * @param log    the daemon's own output (JVM warnings, crashes), appended to
 * @param pid    the daemon's process id, for scripts that stop it
 */
record DaemonFiles(Path socket, Path log, Path pid) {

    /** Unix socket paths are limited to 108 bytes; longer data directories build without a daemon. */
    private static final int MAX_SOCKET_PATH = 100;

    /** Variables a shell sets per command; they differ between two runs of the same build. */
    private static final Set<String> VOLATILE = Set.of("_", "OLDPWD", "PWD", "SHLVL");

    static DaemonFiles in(Path dataDirectory) {
        Path data = dataDirectory.toAbsolutePath().normalize();
        return new DaemonFiles(data.resolve("daemon.sock"), data.resolve("daemon.log"), data.resolve("daemon.pid"));
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

    /** The environment without the variables a shell changes on every command. */
    static Map<String, String> environment() {
        Map<String, String> environment = new TreeMap<>(System.getenv());
        environment.keySet().removeAll(VOLATILE);
        return environment;
    }
}
