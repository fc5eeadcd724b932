package dev.berth.registry.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.oci.reference.RepositoryName;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What each kind of caller may do where, from one table. */
class AuthorizerTest {

    private static final Authorizer AUTHORIZER = new Authorizer(List.of(
            new Rule(RepositoryPattern.of("**"), Set.of(Action.ADMIN), Set.of(new Grantee.Group("admins"))),
            new Rule(RepositoryPattern.of("team/**"), Set.of(Action.PULL, Action.PUSH),
                    Set.of(new Grantee.Group("developers"))),
            new Rule(RepositoryPattern.of("public/*"), Set.of(Action.PULL), Set.of(new Grantee.Anyone())),
            new Rule(RepositoryPattern.of("shared/**"), Set.of(Action.PULL), Set.of(new Grantee.Authenticated())),
            new Rule(RepositoryPattern.of("team/app"), Set.of(Action.PULL, Action.PUSH),
                    Set.of(new Grantee.Named("robot:ci")))),
            Map.of("user:alice", Set.of("admins"), "user:bob", Set.of("developers")));

    private static final Map<String, Principal> CALLERS = Map.of(
            "anonymous", new Principal.Anonymous(),
            "admin", new Principal.User("alice"),
            "developer", new Principal.User("bob"),
            "nobody", new Principal.User("carol"),
            "robot", new Principal.Robot("ci"),
            "pipeline", new Principal.External("github", "repo:team/app:ref:refs/heads/main", Set.of("developers")));

    @Test
    void eachCaller_getsWhatTheRulesGrant_andNothingElse() {
        Object[][] table = {
                // caller, repository, granted
                {"anonymous", "public/base", EnumSet.of(Action.PULL)},
                {"anonymous", "public/base/deeper", EnumSet.noneOf(Action.class)},
                {"anonymous", "shared/tools", EnumSet.noneOf(Action.class)},
                {"anonymous", "team/app", EnumSet.noneOf(Action.class)},
                {"admin", "anything/at/all", EnumSet.allOf(Action.class)},
                {"admin", "public/base", EnumSet.allOf(Action.class)},
                {"developer", "team/app", EnumSet.of(Action.PULL, Action.PUSH)},
                {"developer", "team/app/web", EnumSet.of(Action.PULL, Action.PUSH)},
                {"developer", "other/app", EnumSet.noneOf(Action.class)},
                {"developer", "shared/tools", EnumSet.of(Action.PULL)},
                {"developer", "public/base", EnumSet.of(Action.PULL)},
                {"nobody", "team/app", EnumSet.noneOf(Action.class)},
                {"nobody", "shared/tools", EnumSet.of(Action.PULL)},
                {"robot", "team/app", EnumSet.of(Action.PULL, Action.PUSH)},
                {"robot", "team/web", EnumSet.noneOf(Action.class)},
                {"pipeline", "team/web", EnumSet.of(Action.PULL, Action.PUSH)},
                {"pipeline", "other/app", EnumSet.noneOf(Action.class)},
        };
        for (Object[] row : table) {
            assertEquals(row[2], AUTHORIZER.granted(CALLERS.get((String) row[0]), RepositoryName.of((String) row[1])),
                    row[0] + " on " + row[1]);
        }
    }

    @Test
    void noRules_grantNothing_notEvenToAnAdministratorsGroup() {
        Authorizer none = new Authorizer(List.of());
        assertEquals(Set.of(), none.granted(CALLERS.get("admin"), RepositoryName.of("team/app")));
    }

    @Test
    void anAnonymousCaller_isNeverANamedUser() {
        assertEquals(false, new Grantee.Named("anonymous").includes(new Principal.Anonymous(), Set.of()));
    }
}
