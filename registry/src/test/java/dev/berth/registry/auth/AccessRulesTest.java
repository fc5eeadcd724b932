package dev.berth.registry.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.oci.reference.RepositoryName;
import dev.berth.registry.watch.InvalidFileException;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The access rules file as an operator writes it, and what each caller may then do. */
class AccessRulesTest {

    private static final String RULES = """
            groups:
              developers: [alice, "robot:ci"]
              ops: [carol]
            admins: ["group:ops"]
            anonymous-pull: ["public/**"]
            rules:
              - repositories: ["team/**", "shared/tools"]
                actions: [pull, push]
                to: ["group:developers"]
              - repositories: "team/app"
                actions: [delete]
                to: ["user:alice"]
              - repositories: ["ci/**"]
                actions: [pull, push]
                to: ["external:github"]
              - repositories: ["docs/*"]
                actions: [pull]
                to: [authenticated]
            """;

    private static Set<Action> granted(Principal principal, String repository) throws InvalidFileException {
        return AccessRules.parse("access.yaml", RULES).granted(principal, RepositoryName.of(repository));
    }

    @Test
    void groupsAdminsAnonymousPullsAndRules_grantWhatTheySay() throws Exception {
        Principal alice = new Principal.User("alice");
        Principal robot = new Principal.Robot("ci");
        Principal pipeline = new Principal.External("github", "repo:org/app:ref:refs/heads/main", Set.of());
        assertEquals(EnumSet.of(Action.PULL, Action.PUSH, Action.DELETE), granted(alice, "team/app"));
        assertEquals(EnumSet.of(Action.PULL, Action.PUSH), granted(robot, "team/app"));
        assertEquals(EnumSet.of(Action.PULL, Action.PUSH), granted(robot, "shared/tools"));
        assertEquals(EnumSet.allOf(Action.class), granted(new Principal.User("carol"), "anything"));
        assertEquals(EnumSet.of(Action.PULL), granted(new Principal.Anonymous(), "public/base/alpine"));
        assertEquals(EnumSet.noneOf(Action.class), granted(new Principal.Anonymous(), "team/app"));
        assertEquals(EnumSet.of(Action.PULL, Action.PUSH), granted(pipeline, "ci/app"));
        assertEquals(EnumSet.of(Action.PULL), granted(pipeline, "docs/site"));
        assertEquals(EnumSet.noneOf(Action.class), granted(new Principal.User("robot:ci"), "team/app"));
        assertEquals(EnumSet.of(Action.PULL), granted(new Principal.User("dave"), "docs/site"));
    }

    @Test
    void anEmptyFile_grantsNothing() throws Exception {
        assertEquals(Set.of(), AccessRules.parse("access.yaml", "\n").granted(new Principal.User("alice"),
                RepositoryName.of("team/app")));
    }

    @Test
    void mistakes_nameTheFileAndTheRuleOrLine_andWhatIsExpected() {
        assertEquals("access.yaml:2: unknown key 'rule' (known: groups, admins, anonymous-pull, rules; a rule has "
                + "repositories, actions, to)", message("groups: {}\nrule: []\n"));
        assertEquals("access.yaml: rule 2: 'pul' is not pull, push, delete or admin", message("""
                rules:
                  - {repositories: [a], actions: [pull], to: [anyone]}
                  - {repositories: [b], actions: [pul], to: [anyone]}
                """));
        assertEquals("access.yaml: rule 1: to: 'team:x' is not anyone, authenticated, user:NAME, robot:NAME, "
                + "group:NAME or external:ISSUER", message("rules:\n  - {repositories: [a], actions: [pull], "
                + "to: ['team:x']}\n"));
        assertEquals("access.yaml: rule 1: a rule needs repositories, actions and to",
                message("rules:\n  - {repositories: [a], actions: [pull]}\n"));
        assertEquals("access.yaml: group ops: member 'group:admins' is not a user (NAME or user:NAME) or a robot "
                + "(robot:NAME)", message("groups:\n  ops: ['group:admins']\n"));
    }

    private static String message(String text) {
        return assertThrows(InvalidFileException.class, () -> AccessRules.parse("access.yaml", text)).getMessage();
    }
}
