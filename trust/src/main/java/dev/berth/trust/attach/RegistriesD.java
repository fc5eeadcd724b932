package dev.berth.trust.attach;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.berth.oci.reference.Reference;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * containers-registries.d(5): where each registry's, namespace's or repository's simple signing signatures are kept
 * (the {@code lookaside} URL for reading, {@code lookaside-staging} for writing). The most specific scope wins; with
 * none, {@code default-docker}, else containers/image's built-in default directory.
 *
 * @param sections    the {@code docker} sections by scope
 * @param defaults    the {@code default-docker} section, if any file has one
 * @param builtIn     where signatures go when nothing is configured
 */
public record RegistriesD(Map<String, Section> sections, Optional<Section> defaults, URI builtIn) {

    private static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private static final Set<String> SECTION_KEYS = Set.of("lookaside", "lookaside-staging", "sigstore",
            "sigstore-staging", "use-sigstore-attachments");

    public RegistriesD {
        sections = Map.copyOf(sections);
    }

    /** One configuration section: the lookaside URLs, either of which may be absent. */
    public record Section(Optional<URI> lookaside, Optional<URI> staging) {
    }

    /**
     * The configuration where containers/image looks for it: {@code $HOME/.config/containers/registries.d} if it
     * exists, else {@code /etc/containers/registries.d}; a missing directory configures nothing.
     */
    public static RegistriesD forEnvironment(Map<String, String> environment) throws IOException {
        String home = environment.getOrDefault("HOME", "/root");
        Path own = Path.of(home, ".config/containers/registries.d");
        boolean root = "root".equals(environment.get("USER")) || home.equals("/root");
        URI builtIn = root ? URI.create("file:///var/lib/containers/sigstore")
                : Path.of(home, ".local/share/containers/sigstore").toUri();
        return read(Files.isDirectory(own) ? own : Path.of("/etc/containers/registries.d"), builtIn);
    }

    /**
     * Reads every {@code .yaml} file of a directory.
     *
     * @throws IOException naming the file and the key when a file is malformed or two files configure one scope
     */
    public static RegistriesD read(Path directory, URI builtIn) throws IOException {
        Map<String, Section> sections = new LinkedHashMap<>();
        Optional<Section> defaults = Optional.empty();
        if (!Files.isDirectory(directory)) {
            return new RegistriesD(sections, defaults, builtIn);
        }
        List<Path> files;
        try (Stream<Path> listed = Files.list(directory)) {
            files = listed.filter(file -> file.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
        for (Path file : files) {
            JsonNode root;
            try {
                root = YAML.readTree(file.toFile());
            } catch (IOException e) {
                throw new IOException(file + " is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
            }
            if (root == null || root.isMissingNode() || root.isNull()) {
                continue;
            }
            if (root.has("default-docker")) {
                if (defaults.isPresent()) {
                    throw new IOException(file + ": default-docker is configured in more than one file");
                }
                defaults = Optional.of(section(root.get("default-docker"), file + ": default-docker"));
            }
            for (Map.Entry<String, JsonNode> scope : root.path("docker").properties()) {
                if (sections.put(scope.getKey(), section(scope.getValue(), file + ": docker." + scope.getKey()))
                        != null) {
                    throw new IOException(file + ": docker." + scope.getKey() + " is configured in more than one "
                            + "file");
                }
            }
        }
        return new RegistriesD(sections, defaults, builtIn);
    }

    /** Where an image's signatures are read from; empty when its section names no lookaside. */
    public Optional<URI> readFrom(Reference image) {
        return section(image).map(Section::lookaside).orElse(Optional.of(builtIn));
    }

    /** Where an image's new signatures are written: the staging URL, else the lookaside URL. */
    public Optional<URI> writeTo(Reference image) {
        return section(image).map(section -> section.staging().or(section::lookaside)).orElse(Optional.of(builtIn));
    }

    /** The most specific section for the image, else the default one; empty when neither exists. */
    private Optional<Section> section(Reference image) {
        String repository = image.registry() + "/" + image.repository();
        String full = image.digest() != null ? repository + "@" + image.digest()
                : image.tag() != null ? repository + ":" + image.tag().value() : repository;
        if (sections.containsKey(full)) {
            return Optional.of(sections.get(full));
        }
        for (String scope = repository; scope.contains("/"); scope = scope.substring(0, scope.lastIndexOf('/'))) {
            if (sections.containsKey(scope)) {
                return Optional.of(sections.get(scope));
            }
        }
        return Optional.ofNullable(sections.get(image.registry())).or(() -> defaults);
    }

    private static Section section(JsonNode node, String where) throws IOException {
        if (node == null || !node.isObject()) {
            throw new IOException(where + " is not a mapping");
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!SECTION_KEYS.contains(entry.getKey())) {
                throw new IOException(where + " has an unknown key " + entry.getKey() + " (lookaside, "
                        + "lookaside-staging, use-sigstore-attachments)");
            }
        }
        return new Section(url(node, where, "lookaside", "sigstore"), url(node, where, "lookaside-staging",
                "sigstore-staging"));
    }

    /** A URL under its name or its deprecated name (not both). */
    private static Optional<URI> url(JsonNode node, String where, String key, String deprecated) throws IOException {
        if (node.has(key) && node.has(deprecated)) {
            throw new IOException(where + " has both " + key + " and its deprecated name " + deprecated);
        }
        JsonNode value = node.has(key) ? node.get(key) : node.get(deprecated);
        if (value == null) {
            return Optional.empty();
        }
        try {
            URI url = new URI(value.asText());
            if (!Set.of("file", "http", "https").contains(String.valueOf(url.getScheme()))) {
                throw new IOException(where + "." + key + " is not a file:, http: or https: URL: " + value.asText());
            }
            return Optional.of(url);
        } catch (java.net.URISyntaxException e) {
            throw new IOException(where + "." + key + " is not a URL: " + value.asText());
        }
    }
}
