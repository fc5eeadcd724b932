package dev.berth.cli;

import java.nio.file.Path;
import java.util.Map;

/** Where the builder keeps its data. */
final class BuilderData {

    private BuilderData() {
    }

    /**
     * The builder's data directory: --data, else BERTH_BUILDER_DATA, else the data home's builder directory, from
     * the caller's environment.
     */
    static Path directory(Path data, Map<String, String> environment) {
        if (data != null) {
            return data;
        }
        String env = environment.get("BERTH_BUILDER_DATA");
        return env != null && !env.isBlank() ? Path.of(env) : DataHome.of(environment).builder();
    }
}
