package dev.berth.registry.auth;

import dev.berth.registry.watch.WatchedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** The users file Apache's htpasswd wrote (resources/htpasswd/apache-bcrypt), as a file a registry under test reads. */
public final class ApacheUsers {

    private ApacheUsers() {
    }

    /** Writes the file into the directory; alice, bob, long and jörg, passwords in SOURCES.md. */
    public static Path copyInto(Path directory) throws IOException {
        Path file = directory.resolve("htpasswd");
        try (InputStream apache = ApacheUsers.class.getResourceAsStream("/htpasswd/apache-bcrypt")) {
            Files.write(file, apache.readAllBytes());
        }
        return file;
    }

    /**
     * Removes a user as htpasswd -D does: the file replaced by one without their line; returns once a registry
     * reading the file counts the change.
     */
    static void remove(Path file, String user) throws IOException, InterruptedException {
        List<String> kept = Files.readAllLines(file).stream().filter(line -> !line.startsWith(user + ":")).toList();
        Path replacement = Files.write(file.resolveSibling(file.getFileName() + ".new"), kept);
        Files.move(replacement, file, StandardCopyOption.REPLACE_EXISTING);
        Thread.sleep(WatchedFile.CHECK_INTERVAL.toMillis() + 100);
    }
}
