package dev.berth.cli;

import java.nio.file.Path;
import java.util.List;

/** Where the builder keeps its data; apart from {@link BuildCommand} so the daemon client finds it cheaply. */
final class BuilderData {

    private BuilderData() {
    }

    /** The value of the --data option in build arguments, or null. */
    static Path option(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--data") && i + 1 < args.size()) {
                return Path.of(args.get(i + 1));
            }
            if (args.get(i).startsWith("--data=")) {
                return Path.of(args.get(i).substring("--data=".length()));
            }
        }
        return null;
    }

    /** The builder's data directory: --data, else env BERTH_BUILDER_DATA, else ~/.local/share/berth/builder. */
    static Path directory(Path data) {
        if (data != null) {
            return data;
        }
        String env = System.getenv("BERTH_BUILDER_DATA");
        return env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".local", "share", "berth", "builder");
    }
}
