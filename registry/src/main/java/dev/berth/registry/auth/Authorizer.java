package dev.berth.registry.auth;

import dev.berth.oci.reference.RepositoryName;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Decides what a caller may do to a repository: the union of what every rule that covers both grants, where
 * {@link Action#ADMIN} implies every action. Nothing is allowed unless a rule allows it. A pure function of its
 * rules, with no HTTP in it, so that every endpoint × caller case is a row of a table test.
 */
public final class Authorizer {

    private final List<Rule> rules;

    public Authorizer(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * Every caller who logged in may do everything, anonymous callers nothing: Distribution's rule with htpasswd
     * authentication, Berth's until access rules are configured.
     */
    public static Authorizer everyUserEverything() {
        return new Authorizer(List.of(new Rule(RepositoryPattern.of("**"), Set.of(Action.ADMIN),
                Set.of(new Grantee.Authenticated()))));
    }

    /** Every action the principal may take on the repository. */
    public Set<Action> granted(Principal principal, RepositoryName repository) {
        Set<Action> granted = EnumSet.noneOf(Action.class);
        for (Rule rule : rules) {
            if (rule.applies(principal, repository)) {
                granted.addAll(rule.actions());
            }
        }
        return granted.contains(Action.ADMIN) ? EnumSet.allOf(Action.class) : granted;
    }

    public boolean permits(Principal principal, RepositoryName repository, Action action) {
        return granted(principal, repository).contains(action);
    }
}
