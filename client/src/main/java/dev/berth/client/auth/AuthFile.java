package dev.berth.client.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * One credentials file as Docker ({@code ~/.docker/config.json}) and Podman ({@code auth.json}) write it: logins
 * under {@code auths} (base64 {@code user:password} in {@code auth}, or {@code username} and {@code password}), and
 * credential helpers: {@code credHelpers} by registry, {@code credsStore} for the rest. Writes keep every other field
 * of the file, replace it atomically and leave it readable by its owner only.
 */
public final class AuthFile {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The key Docker files Docker Hub's login under. */
    private static final String DOCKER_HUB = "https://index.docker.io/v1/";

    private final Path path;
    private final ObjectNode content;
    private final HelperLocator helpers;

    private AuthFile(Path path, ObjectNode content, HelperLocator helpers) {
        this.path = path;
        this.content = content;
        this.helpers = helpers;
    }

    /** Reads the file; a missing one is empty, a corrupt one an error naming it. */
    public static AuthFile read(Path path, HelperLocator helpers) throws IOException {
        if (!Files.isRegularFile(path)) {
            return new AuthFile(path, JSON.createObjectNode(), helpers);
        }
        try {
            JsonNode tree = JSON.readTree(path.toFile());
            if (tree == null || !tree.isObject()) {
                throw new IOException("credentials file " + path + " is not a JSON object");
            }
            return new AuthFile(path, (ObjectNode) tree, helpers);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException("credentials file " + path + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    public Path path() {
        return path;
    }

    /** The login for a registry host: from its helper when the file names one, else from {@code auths}. */
    public Optional<Login> login(String registry) throws IOException {
        Optional<CredentialHelper> helper = helper(registry);
        if (helper.isPresent()) {
            return helper.get().get(serverOf(registry));
        }
        JsonNode auths = content.path("auths");
        for (String key : keysOf(registry)) {
            JsonNode entry = auths.path(key);
            if (entry.hasNonNull("auth") && !entry.get("auth").asText().isEmpty()) {
                return Optional.of(decode(entry.get("auth").asText(), key));
            }
            if (entry.hasNonNull("username") && entry.hasNonNull("password")) {
                return Optional.of(new Login(entry.get("username").asText(), entry.get("password").asText()));
            }
        }
        return Optional.empty();
    }

    /** Whether the file says anything about the registry: a login or a helper. */
    public boolean knows(String registry) {
        return helperName(registry).isPresent() || keysOf(registry).stream()
                .anyMatch(key -> content.path("auths").has(key));
    }

    /** Stores a login: in the registry's credential helper if the file names one, else in {@code auths}. */
    public void store(String registry, Login login) throws IOException {
        Optional<CredentialHelper> helper = helper(registry);
        if (helper.isPresent()) {
            helper.get().store(serverOf(registry), login);
            return;
        }
        ObjectNode auths = content.withObject("/auths");
        keysOf(registry).forEach(auths::remove);
        auths.putObject(serverOf(registry)).put("auth", Base64.getEncoder().encodeToString(
                (login.username() + ":" + login.password()).getBytes(StandardCharsets.UTF_8)));
        write();
    }

    /** Removes a registry's login; returns whether there was one. */
    public boolean erase(String registry) throws IOException {
        Optional<CredentialHelper> helper = helper(registry);
        if (helper.isPresent()) {
            helper.get().erase(serverOf(registry));
            return true;
        }
        boolean removed = false;
        if (content.path("auths") instanceof ObjectNode auths) {
            for (String key : keysOf(registry)) {
                removed |= auths.remove(key) != null;
            }
        }
        if (removed) {
            write();
        }
        return removed;
    }

    private Optional<String> helperName(String registry) {
        for (String key : keysOf(registry)) {
            JsonNode named = content.path("credHelpers").path(key);
            if (named.isTextual() && !named.asText().isEmpty()) {
                return Optional.of(named.asText());
            }
        }
        JsonNode store = content.path("credsStore");
        return store.isTextual() && !store.asText().isEmpty() ? Optional.of(store.asText()) : Optional.empty();
    }

    private Optional<CredentialHelper> helper(String registry) throws IOException {
        Optional<String> name = helperName(registry);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Path program = helpers.find(name.get()).orElseThrow(() -> new IOException(path + " names the credential "
                + "helper '" + name.get() + "' for " + registry + ", but docker-credential-" + name.get()
                + " is not on PATH; install it or remove it from the file"));
        return Optional.of(new CredentialHelper(name.get(), program));
    }

    /** How the file names a registry when writing, and to helpers: Docker Hub by its old URL, others by host. */
    private static String serverOf(String registry) {
        return registry.equals("docker.io") ? DOCKER_HUB : registry;
    }

    /** The keys a registry may be found under, as Docker and Podman have written them over the years. */
    private static List<String> keysOf(String registry) {
        return registry.equals("docker.io")
                ? List.of(DOCKER_HUB, "index.docker.io", "docker.io", "registry-1.docker.io", "https://docker.io")
                : List.of(registry, "https://" + registry, "http://" + registry, "https://" + registry + "/v1/",
                        "https://" + registry + "/v2/");
    }

    private Login decode(String auth, String key) throws IOException {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IOException(path + ": the auth of " + key + " is not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw new IOException(path + ": the auth of " + key + " is not user:password");
        }
        return new Login(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    private void write() throws IOException {
        Path directory = path.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temp = Files.createTempFile(directory, ".auth", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(content));
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
