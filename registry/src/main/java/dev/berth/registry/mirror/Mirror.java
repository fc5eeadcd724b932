package dev.berth.registry.mirror;

import dev.berth.client.auth.Login;
import dev.berth.oci.reference.Reference;
import dev.berth.oci.reference.RepositoryName;
import java.time.Duration;
import java.util.Optional;

/**
 * A repository prefix that mirrors an upstream registry: {@code dockerhub/library/alpine} is {@code library/alpine} of
 * {@code docker.io} (and {@code dockerhub/alpine} too, as Docker names official images).
 *
 * @param upstream the registry, {@code host[:port]} as in image references ({@code docker.io}, {@code ghcr.io})
 * @param login    the credentials the registry pulls from the upstream with, if it needs any
 * @param tagTtl   how long a tag fetched from the upstream is served before it is asked again
 */
public record Mirror(String prefix, String upstream, Optional<Login> login, Duration tagTtl) {

    public static final Duration DEFAULT_TAG_TTL = Duration.ofMinutes(5);

    public Mirror {
        if (!RepositoryName.isValid(prefix)) {
            throw new IllegalArgumentException("a mirror's prefix is a repository name such as dockerhub or "
                    + "mirrors/ghcr, not '" + prefix + "'");
        }
        if (upstream == null || upstream.isBlank() || upstream.contains("/")) {
            throw new IllegalArgumentException("mirror " + prefix + ": the upstream is a registry as images name it "
                    + "(docker.io, ghcr.io, registry.example:5000), not '" + upstream + "'");
        }
        if (tagTtl.isNegative()) {
            throw new IllegalArgumentException("mirror " + prefix + ": the tag TTL cannot be negative");
        }
    }

    /** Whether the repository is under this mirror's prefix. */
    public boolean covers(RepositoryName repository) {
        return repository.value().startsWith(prefix + "/");
    }

    /** The upstream's repository a repository under the prefix stands for. */
    public RepositoryName upstreamRepository(RepositoryName repository) {
        String rest = repository.value().substring(prefix.length() + 1);
        return RepositoryName.of(upstream.equals(Reference.DOCKER_HUB) && !rest.contains("/") ? "library/" + rest
                : rest);
    }
}
