package dev.berth.client.auth;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where registry logins come from, in the order Podman and skopeo look: {@code REGISTRY_AUTH_FILE}, then
 * {@code $XDG_RUNTIME_DIR/containers/auth.json} and {@code ~/.config/containers/auth.json}, then Docker's
 * {@code $DOCKER_CONFIG/config.json} (or {@code ~/.docker/config.json}). The first file that knows a registry answers
 * for it, through its credential helper if it names one.
 */
public final class Credentials {

    private final List<AuthFile> files;
    private final Map<String, Login> given;

    private Credentials(List<AuthFile> files, Map<String, Login> given) {
        this.files = List.copyOf(files);
        this.given = Map.copyOf(given);
    }

    private Credentials(List<AuthFile> files) {
        this(files, Map.of());
    }

    public static Credentials none() {
        return new Credentials(List.of());
    }

    /** Exactly one login, for one registry ({@code host[:port]}), as a registry's configuration gives it. */
    public static Credentials of(String registry, Login login) {
        return new Credentials(List.of(), Map.of(registry, login));
    }

    /** The files of the environment, helpers found on its {@code PATH}. */
    public static Credentials load(Map<String, String> environment) throws IOException {
        HelperLocator helpers = HelperLocator.onPath(environment.get("PATH"));
        List<AuthFile> files = new ArrayList<>();
        for (Path path : searchPath(environment)) {
            files.add(AuthFile.read(path, helpers));
        }
        return new Credentials(files);
    }

    /** The given files, in order, with helpers found by {@code helpers}. */
    public static Credentials of(List<Path> paths, HelperLocator helpers) throws IOException {
        List<AuthFile> files = new ArrayList<>();
        for (Path path : paths) {
            files.add(AuthFile.read(path, helpers));
        }
        return new Credentials(files);
    }

    /** The file {@code berth login} writes to: {@code REGISTRY_AUTH_FILE} when set, else Docker's config. */
    public static Path loginFile(Map<String, String> environment) {
        String authFile = environment.get("REGISTRY_AUTH_FILE");
        return authFile != null && !authFile.isBlank() ? Path.of(authFile) : dockerConfig(environment);
    }

    public Optional<Login> forRegistry(String registry) throws IOException {
        if (given.containsKey(registry)) {
            return Optional.of(given.get(registry));
        }
        for (AuthFile file : files) {
            if (file.knows(registry)) {
                return file.login(registry);
            }
        }
        return Optional.empty();
    }

    private static List<Path> searchPath(Map<String, String> environment) {
        List<Path> paths = new ArrayList<>();
        String authFile = environment.get("REGISTRY_AUTH_FILE");
        if (authFile != null && !authFile.isBlank()) {
            paths.add(Path.of(authFile));
        }
        String runtime = environment.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            paths.add(Path.of(runtime, "containers", "auth.json"));
        }
        paths.add(Path.of(home(environment), ".config", "containers", "auth.json"));
        paths.add(dockerConfig(environment));
        return paths;
    }

    private static Path dockerConfig(Map<String, String> environment) {
        String directory = environment.get("DOCKER_CONFIG");
        return directory != null && !directory.isBlank() ? Path.of(directory, "config.json")
                : Path.of(home(environment), ".docker", "config.json");
    }

    private static String home(Map<String, String> environment) {
        String home = environment.get("HOME");
        return home != null && !home.isBlank() ? home : System.getProperty("user.home");
    }
}
