package dev.berth.client.auth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the {@code docker-credential-NAME} program of a credential helper. */
@FunctionalInterface
public interface HelperLocator {

    Optional<Path> find(String name);

    /** Searches the directories of a {@code PATH} value, as a shell would. */
    static HelperLocator onPath(String path) {
        return name -> {
            if (path == null || name.contains("/")) {
                return Optional.empty();
            }
            for (String directory : path.split(":")) {
                Path program = Path.of(directory.isEmpty() ? "." : directory, "docker-credential-" + name);
                if (Files.isRegularFile(program) && Files.isExecutable(program)) {
                    return Optional.of(program);
                }
            }
            return Optional.empty();
        };
    }
}
