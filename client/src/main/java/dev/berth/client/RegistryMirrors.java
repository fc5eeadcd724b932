package dev.berth.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.berth.oci.reference.Reference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where images may be pulled from instead of their own registry, as Docker's {@code registry-mirrors} (for Docker
 * Hub, in {@code /etc/docker/daemon.json}) and containers-registries.conf(5)'s {@code [[registry.mirror]]} say, and
 * as {@code --registry-mirror SOURCE=MIRROR} adds: a mirror's location may carry a namespace
 * ({@code berth.example:5000/dockerhub}), under which the image keeps its path. Mirrors are tried in order, then the
 * image's own registry; content is the same wherever it comes from, since it is checked against its digests.
 */
public final class RegistryMirrors {

    /** A source ({@code docker.io}, or {@code docker.io/library}) and a location that mirrors it. */
    public record Route(String source, String mirror) {
    }

    private final List<Route> routes;

    public RegistryMirrors(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    public static RegistryMirrors none() {
        return new RegistryMirrors(List.of());
    }

    /**
     * The routes of this machine's configuration: {@code CONTAINERS_REGISTRIES_CONF} (else
     * {@code ~/.config/containers/registries.conf}, else {@code /etc/containers/registries.conf}) with the drop-ins
     * of {@code registries.conf.d}, and Docker's {@code /etc/docker/daemon.json}.
     */
    public static RegistryMirrors load(Map<String, String> environment) throws IOException {
        List<Route> routes = new ArrayList<>();
        Path conf = Path.of(environment.getOrDefault("CONTAINERS_REGISTRIES_CONF", ""));
        if (environment.get("CONTAINERS_REGISTRIES_CONF") == null) {
            Path user = Path.of(environment.getOrDefault("HOME", System.getProperty("user.home")), ".config",
                    "containers", "registries.conf");
            conf = Files.exists(user) ? user : Path.of("/etc/containers/registries.conf");
        }
        List<Path> files = new ArrayList<>(List.of(conf));
        Path dropIns = conf.resolveSibling("registries.conf.d");
        if (Files.isDirectory(dropIns)) {
            try (Stream<Path> found = Files.list(dropIns)) {
                found.filter(path -> path.toString().endsWith(".conf")).sorted().forEach(files::add);
            }
        }
        for (Path file : files) {
            if (Files.isRegularFile(file)) {
                routes.addAll(fromRegistriesConf(file));
            }
        }
        Path daemon = Path.of(environment.getOrDefault("BERTH_DOCKER_DAEMON_JSON", "/etc/docker/daemon.json"));
        if (Files.isRegularFile(daemon)) {
            routes.addAll(fromDaemonJson(daemon));
        }
        routes.addAll(parse(environment.getOrDefault(VARIABLE, "")));
        return new RegistryMirrors(routes);
    }

    /** The variable {@code --registry-mirror} sets for the builder: {@code SOURCE=MIRROR[,SOURCE=MIRROR...]}. */
    public static final String VARIABLE = "BERTH_REGISTRY_MIRRORS";

    /** Routes written {@code SOURCE=MIRROR}, comma-separated, as {@code --registry-mirror} takes them. */
    public static List<Route> parse(String text) {
        List<Route> routes = new ArrayList<>();
        for (String route : text.split(",")) {
            if (route.isBlank()) {
                continue;
            }
            int equals = route.indexOf('=');
            if (equals <= 0 || equals == route.length() - 1) {
                throw new IllegalArgumentException("a registry mirror is SOURCE=MIRROR, such as "
                        + "docker.io=registry.example:5000/dockerhub, not '" + route + "'");
            }
            routes.add(new Route(route.substring(0, equals).strip(), route.substring(equals + 1).strip()));
        }
        return routes;
    }

    /** The routes of a containers-registries.conf file (version 2). */
    static List<Route> fromRegistriesConf(Path file) throws IOException {
        JsonNode conf;
        try {
            conf = new TomlMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + " is not valid TOML (containers-registries.conf): " + e.getMessage(), e);
        }
        List<Route> routes = new ArrayList<>();
        for (JsonNode registry : conf.path("registry")) {
            String source = registry.path("prefix").asText(registry.path("location").asText(""));
            for (JsonNode mirror : registry.path("mirror")) {
                if (!source.isEmpty() && !mirror.path("location").asText("").isEmpty()) {
                    routes.add(new Route(source, mirror.path("location").asText()));
                }
            }
        }
        return routes;
    }

    /** Docker Hub's mirrors in a Docker daemon.json: URLs, whose host (and port) is the location. */
    static List<Route> fromDaemonJson(Path file) throws IOException {
        List<Route> routes = new ArrayList<>();
        for (JsonNode mirror : new ObjectMapper().readTree(file.toFile()).path("registry-mirrors")) {
            String location = mirror.asText().replaceFirst("^https?://", "").replaceFirst("/+$", "");
            if (!location.isEmpty()) {
                routes.add(new Route(Reference.DOCKER_HUB, location));
            }
        }
        return routes;
    }

    /** These routes followed by others (the command line's after the machine's). */
    public RegistryMirrors and(List<Route> more) {
        List<Route> all = new ArrayList<>(routes);
        all.addAll(more);
        return new RegistryMirrors(all);
    }

    /** Where to pull the image from, in order: its mirrors, then itself. */
    public List<Reference> sources(Reference reference) {
        String name = reference.registry() + "/" + reference.repository();
        List<Reference> sources = new ArrayList<>();
        for (Route route : routes) {
            if (name.equals(route.source()) || name.startsWith(route.source() + "/")) {
                String rest = name.substring(route.source().length());
                String suffix = reference.digest() != null ? "@" + reference.digest()
                        : reference.tag() != null ? ":" + reference.tag() : "";
                sources.add(Reference.parse(route.mirror() + rest + suffix));
            }
        }
        sources.add(reference);
        return sources;
    }
}
