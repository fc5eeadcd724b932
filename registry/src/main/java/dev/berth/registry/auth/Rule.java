package dev.berth.registry.auth;

import dev.berth.oci.reference.RepositoryName;
import java.util.Set;

/** Grants some actions on the repositories a pattern covers to some callers. */
public record Rule(RepositoryPattern repositories, Set<Action> actions, Set<Grantee> grantees) {

    public Rule {
        actions = Set.copyOf(actions);
        grantees = Set.copyOf(grantees);
    }

    boolean applies(Principal principal, Set<String> groups, RepositoryName repository) {
        return repositories.matches(repository)
                && grantees.stream().anyMatch(grantee -> grantee.includes(principal, groups));
    }
}
