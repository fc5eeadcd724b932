package dev.berth.builder.context;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The patterns of a {@code .dockerignore} file, with Docker's rules: comments and blank lines skipped, paths cleaned
 * and relative to the context root, {@code **} across directories, {@code !} exceptions, the last matching pattern
 * wins, and a pattern that matches a directory also excludes what is inside it.
 */
public final class DockerIgnore {

    private record Rule(Pattern regex, boolean exception) {
    }

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static DockerIgnore none() {
        return new DockerIgnore(List.of());
    }

    /** Patterns given one by one, such as COPY's {@code --exclude} values. */
    public static DockerIgnore of(java.util.List<String> patterns) {
        return parse(String.join("\n", patterns));
    }

    public static DockerIgnore parse(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean exception = line.startsWith("!");
            if (exception) {
                line = line.substring(1).strip();
            }
            String cleaned = clean(line);
            if (cleaned.isEmpty()) {
                continue;
            }
            StringBuilder regex = new StringBuilder("^");
            GoGlob.appendTo(regex, cleaned, true);
            rules.add(new Rule(Pattern.compile(regex.append('$').toString(), Pattern.DOTALL), exception));
        }
        return new DockerIgnore(rules);
    }

    /** Whether any rule is an exception, so an excluded directory may still have included files inside. */
    public boolean hasExceptions() {
        return rules.stream().anyMatch(Rule::exception);
    }

    /** Whether the path (relative to the context, with {@code /}) is excluded from the context. */
    public boolean excludes(String path) {
        String[] parents = path.split("/");
        boolean matched = false;
        for (Rule rule : rules) {
            if (rule.exception() != matched) {
                continue;
            }
            boolean match = rule.regex().matcher(path).matches();
            for (int i = 1; !match && i < parents.length; i++) {
                match = rule.regex().matcher(String.join("/", java.util.Arrays.copyOf(parents, i))).matches();
            }
            if (match) {
                matched = !rule.exception();
            }
        }
        return matched;
    }

    private static String clean(String pattern) {
        String normalized = Path.of("/" + pattern).normalize().toString();
        return normalized.equals("/") ? "" : normalized.substring(1);
    }
}
