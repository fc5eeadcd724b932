package dev.berth.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where Berth keeps its data when no flag or variable says: {@code $XDG_DATA_HOME/berth}, else
 * {@code ~/.local/share/berth}, with the registry and the builder side by side in it, neither inside the other.
 *
 * @param root the {@code berth} directory under the user's data home
 */
public record DataHome(Path root) {

    /** The data home the XDG base directory specification gives this environment. */
    public static DataHome of(Map<String, String> environment) {
        String xdg = environment.get("XDG_DATA_HOME");
        // The specification says a relative XDG_DATA_HOME is invalid and to be ignored.
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return new DataHome(Path.of(xdg, "berth"));
        }
        String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
        return new DataHome(Path.of(home, ".local", "share", "berth"));
    }

    /**
     * The registry's data directory. Berth 0.1 kept the registry's data in the root itself; a root holding that
     * layout goes on being used, so an upgrade never hides images that were pushed before it.
     */
    public Path registry() {
        return Files.isDirectory(root.resolve("blobs")) && !Files.exists(root.resolve("registry"))
                ? root : root.resolve("registry");
    }

    /** The builder's data directory: its snapshots, cache and local image store. */
    public Path builder() {
        return root.resolve("builder");
    }
}
