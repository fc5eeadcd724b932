package dev.berth.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

/** Registry credentials from a Docker config file ({@code ~/.docker/config.json}, {@code auths} entries). */
public final class Credentials {

    /** A user name and password (or identity token). */
    public record Login(String username, String password) {
        String basic() {
            return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    private final JsonNode auths;

    private Credentials(JsonNode auths) {
        this.auths = auths;
    }

    public static Credentials none() {
        return new Credentials(null);
    }

    /** Reads the file if it exists; a missing file means no credentials, a corrupt one is an error. */
    public static Credentials load(Path configFile) throws IOException {
        if (!Files.isRegularFile(configFile)) {
            return none();
        }
        try {
            return new Credentials(new ObjectMapper().readTree(configFile.toFile()).path("auths"));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException("Docker config " + configFile + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** The default location: {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}. */
    public static Path defaultFile() {
        String dir = System.getenv("DOCKER_CONFIG");
        return dir != null && !dir.isBlank() ? Path.of(dir, "config.json")
                : Path.of(System.getProperty("user.home"), ".docker", "config.json");
    }

    public Optional<Login> forRegistry(String host) {
        if (auths == null || auths.isMissingNode()) {
            return Optional.empty();
        }
        for (String key : host.equals("docker.io")
                ? new String[] {"https://index.docker.io/v1/", "index.docker.io", "docker.io",
                    "registry-1.docker.io"}
                : new String[] {host, "https://" + host, "http://" + host}) {
            JsonNode entry = auths.path(key);
            if (entry.hasNonNull("auth")) {
                String decoded = new String(Base64.getDecoder().decode(entry.get("auth").asText()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    return Optional.of(new Login(decoded.substring(0, colon), decoded.substring(colon + 1)));
                }
            }
            if (entry.hasNonNull("username") && entry.hasNonNull("password")) {
                return Optional.of(new Login(entry.get("username").asText(), entry.get("password").asText()));
            }
        }
        return Optional.empty();
    }
}
