package dev.berth.registry.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.berth.oci.reference.RepositoryName;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides what a caller may do to a repository: the union of what every rule that covers both grants, where
 * {@link Action#ADMIN} implies every action. Nothing is allowed unless a rule allows it. A pure function of its
 * rules and group memberships, with no HTTP in it, so that every endpoint × caller case is a row of a table test.
 * Answers are remembered (a busy registry asks the same question for every request of a pull); an edit of the rules
 * makes a new authorizer, and so starts afresh.
 */
public final class Authorizer {

    private final List<Rule> rules;
    private final Map<String, Set<String>> groupsByIdentity;
    private final Cache<Question, Set<Action>> answers = Caffeine.newBuilder().maximumSize(10_000).build();

    private record Question(Principal principal, RepositoryName repository) {
    }

    /**
     * @param rules            what is granted to whom
     * @param groupsByIdentity the groups each identity ({@code user:alice}) is in, besides those it brings
     */
    public Authorizer(List<Rule> rules, Map<String, Set<String>> groupsByIdentity) {
        this.rules = List.copyOf(rules);
        this.groupsByIdentity = Map.copyOf(groupsByIdentity);
    }

    public Authorizer(List<Rule> rules) {
        this(rules, Map.of());
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
        Question question = new Question(principal, repository);
        Set<Action> known = answers.getIfPresent(question);
        if (known == null) {
            known = decide(principal, repository);
            answers.put(question, known);
        }
        return known;
    }

    private Set<Action> decide(Principal principal, RepositoryName repository) {
        Set<String> groups = groupsOf(principal);
        Set<Action> granted = EnumSet.noneOf(Action.class);
        for (Rule rule : rules) {
            if (rule.applies(principal, groups, repository)) {
                granted.addAll(rule.actions());
            }
        }
        return Collections.unmodifiableSet(granted.contains(Action.ADMIN) ? EnumSet.allOf(Action.class) : granted);
    }

    /** Whether a rule for every repository ({@code **}) grants the principal admin: the registry's administrators. */
    public boolean administers(Principal principal) {
        Set<String> groups = groupsOf(principal);
        return rules.stream().anyMatch(rule -> rule.repositories().glob().equals("**")
                && rule.actions().contains(Action.ADMIN)
                && rule.grantees().stream().anyMatch(grantee -> grantee.includes(principal, groups)));
    }

    public boolean permits(Principal principal, RepositoryName repository, Action action) {
        return granted(principal, repository).contains(action);
    }

    private Set<String> groupsOf(Principal principal) {
        Set<String> assigned = groupsByIdentity.getOrDefault(principal.identity(), Set.of());
        if (assigned.isEmpty()) {
            return principal.groups();
        }
        Set<String> groups = new HashSet<>(principal.groups());
        groups.addAll(assigned);
        return groups;
    }
}
