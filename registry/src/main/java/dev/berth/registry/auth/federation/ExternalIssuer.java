package dev.berth.registry.auth.federation;

import java.util.List;

/**
 * An identity provider whose tokens Berth accepts, as {@code docker login -u oidc -p TOKEN} gives them: a CI system
 * (GitHub Actions, GitLab) or a Kubernetes cluster's service-account issuer.
 *
 * @param name     what rules and audit lines call it ({@code external:NAME})
 * @param issuer   the {@code iss} its tokens have
 * @param audience the {@code aud} its tokens must have for this registry
 * @param keys     its signing keys
 * @param groups   which identities join which groups, by their claims
 */
public record ExternalIssuer(String name, String issuer, String audience, JwksSource keys,
                             List<ClaimMapping> groups) {

    public ExternalIssuer {
        groups = List.copyOf(groups);
    }
}
