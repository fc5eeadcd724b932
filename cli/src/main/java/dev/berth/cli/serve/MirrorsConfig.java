package dev.berth.cli.serve;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.client.auth.Login;
import dev.berth.registry.mirror.Mirror;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The config file's {@code mirrors:} section: repository prefixes filled from upstream registries. */
final class MirrorsConfig {

    private MirrorsConfig() {
    }

    /** One mirror as written; the password is in a file (relative to the config file). */
    record Written(String prefix, String upstream, String username,
                   @JsonProperty("password-file") String passwordFile, @JsonProperty("tag-ttl") String tagTtl) {
    }

    static List<Mirror> of(Path file, List<Written> written) throws ConfigException {
        List<Mirror> mirrors = new ArrayList<>();
        Set<String> prefixes = new HashSet<>();
        for (Written mirror : written == null ? List.<Written>of() : written) {
            String where = file + ": mirrors #" + (mirrors.size() + 1);
            if (mirror.prefix() == null || mirror.upstream() == null) {
                throw new ConfigException(where + " needs a prefix (such as dockerhub) and an upstream (such as "
                        + "docker.io)");
            }
            if (!prefixes.add(mirror.prefix())) {
                throw new ConfigException(where + ": the prefix " + mirror.prefix() + " is mirrored twice");
            }
            if ((mirror.username() == null) != (mirror.passwordFile() == null)) {
                throw new ConfigException(where + " (" + mirror.prefix() + "): give both username and password-file, "
                        + "or neither for anonymous pulls");
            }
            Optional<Login> login = Optional.empty();
            if (mirror.username() != null) {
                Path password = file.resolveSibling(mirror.passwordFile());
                try {
                    login = Optional.of(new Login(mirror.username(), Files.readString(password).strip()));
                } catch (IOException e) {
                    throw new ConfigException(where + ": cannot read the password file " + password + ": "
                            + e.getMessage());
                }
            }
            Duration ttl = mirror.tagTtl() == null ? Mirror.DEFAULT_TAG_TTL
                    : ServeConfig.duration(mirror.tagTtl(), where + " tag-ttl");
            try {
                mirrors.add(new Mirror(mirror.prefix(), mirror.upstream(), login, ttl));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(where + ": " + e.getMessage());
            }
        }
        return mirrors;
    }
}
