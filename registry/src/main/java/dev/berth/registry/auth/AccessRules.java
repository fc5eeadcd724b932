package dev.berth.registry.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.berth.registry.watch.InvalidFileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The access rules file ({@code berth serve --access FILE}, config {@code auth.access}): groups, administrators,
 * the repositories anyone may pull, and rules granting actions on repository patterns.
 *
 * <pre>{@code
 * groups:
 *   developers: [alice, bob]          # users by name, robots as robot:NAME
 *   pipelines: ["robot:ci"]
 * admins: [carol, "group:ops"]        # every action on every repository
 * anonymous-pull: ["public/**"]       # pulled without logging in
 * rules:
 *   - repositories: ["team/**"]
 *     actions: [pull, push, delete]   # or admin
 *     to: ["group:developers", "robot:ci", "external:github", authenticated, anyone]
 * }</pre>
 */
public final class AccessRules {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);

    private AccessRules() {
    }

    /** The file's shape. */
    record File(Map<String, List<String>> groups, List<String> admins,
                @JsonProperty("anonymous-pull") List<String> anonymousPull, List<FileRule> rules) {
    }

    /** One rule as written. */
    record FileRule(List<String> repositories, List<String> actions, List<String> to) {
    }

    /**
     * The authorizer the file's text describes; {@code source} names the file in errors.
     *
     * @throws InvalidFileException naming the line or rule that is wrong and what it should be
     */
    public static Authorizer parse(String source, String text) throws InvalidFileException {
        File file;
        try {
            file = text.isBlank() ? null : YAML.readValue(text, File.class);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidFileException(source + lineOf(text, e.getPropertyName()) + ": unknown key '"
                    + e.getPropertyName()
                    + "' (known: groups, admins, anonymous-pull, rules; a rule has repositories, actions, to)");
        } catch (JsonProcessingException e) {
            throw new InvalidFileException(source + line(e) + ": not valid access rules: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (file == null) {
            return new Authorizer(List.of());
        }
        List<Rule> rules = new ArrayList<>();
        if (file.admins() != null) {
            rules.add(new Rule(RepositoryPattern.of("**"), Set.of(Action.ADMIN), grantees(source, "admins",
                    file.admins())));
        }
        if (file.anonymousPull() != null) {
            for (String pattern : file.anonymousPull()) {
                rules.add(new Rule(pattern(source, "anonymous-pull", pattern), Set.of(Action.PULL),
                        Set.of(new Grantee.Anyone())));
            }
        }
        List<FileRule> written = file.rules() == null ? List.of() : file.rules();
        for (int i = 0; i < written.size(); i++) {
            rules.addAll(rule(source + ": rule " + (i + 1), written.get(i)));
        }
        return new Authorizer(rules, memberships(source, file.groups()));
    }

    private static List<Rule> rule(String where, FileRule rule) throws InvalidFileException {
        if (rule == null || rule.repositories() == null || rule.actions() == null || rule.to() == null) {
            throw new InvalidFileException(where + ": a rule needs repositories, actions and to");
        }
        Set<Action> actions = new HashSet<>();
        for (String name : rule.actions()) {
            actions.add((name.equals("admin") ? Optional.of(Action.ADMIN) : Action.ofScopeName(name)
                    .filter(action -> action != Action.ADMIN)).orElseThrow(() ->
                    new InvalidFileException(where + ": '" + name + "' is not pull, push, delete or admin")));
        }
        Set<Grantee> grantees = grantees(where, "to", rule.to());
        List<Rule> rules = new ArrayList<>();
        for (String pattern : rule.repositories()) {
            rules.add(new Rule(pattern(where, "repositories", pattern), actions, grantees));
        }
        return rules;
    }

    private static Set<Grantee> grantees(String where, String key, List<String> names)
            throws InvalidFileException {
        Set<Grantee> grantees = new HashSet<>();
        for (String name : names) {
            try {
                grantees.add(Grantee.parse(String.valueOf(name)));
            } catch (IllegalArgumentException e) {
                throw new InvalidFileException(where + ": " + key + ": " + e.getMessage());
            }
        }
        return grantees;
    }

    private static RepositoryPattern pattern(String where, String key, String glob) throws InvalidFileException {
        try {
            return RepositoryPattern.of(glob);
        } catch (IllegalArgumentException e) {
            throw new InvalidFileException(where + ": " + key + ": " + e.getMessage());
        }
    }

    /** Each member's groups, from the file's groups by name; members are users by name, or robot:NAME. */
    private static Map<String, Set<String>> memberships(String source, Map<String, List<String>> groups)
            throws InvalidFileException {
        Map<String, Set<String>> byIdentity = new HashMap<>();
        if (groups == null) {
            return byIdentity;
        }
        for (Map.Entry<String, List<String>> group : groups.entrySet()) {
            for (String member : group.getValue() == null ? List.<String>of() : group.getValue()) {
                Grantee grantee;
                try {
                    grantee = Grantee.parse(String.valueOf(member));
                } catch (IllegalArgumentException e) {
                    grantee = null;
                }
                if (!(grantee instanceof Grantee.Named named)) {
                    throw new InvalidFileException(source + ": group " + group.getKey() + ": member '" + member
                            + "' is not a user (NAME or user:NAME) or a robot (robot:NAME)");
                }
                byIdentity.computeIfAbsent(named.identity(), identity -> new HashSet<>()).add(group.getKey());
            }
        }
        return byIdentity;
    }

    /** The line a key is on (the parser reports where it stopped reading, a line or more later). */
    private static String lineOf(String text, String key) {
        Pattern keyLine = Pattern.compile("^[\\s-]*[\"']?" + Pattern.quote(key) + "[\"']?\\s*:");
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (keyLine.matcher(lines.get(i)).find()) {
                return ":" + (i + 1);
            }
        }
        return "";
    }

    private static String line(JsonProcessingException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 1 ? "" : ":" + e.getLocation().getLineNr();
    }
}
