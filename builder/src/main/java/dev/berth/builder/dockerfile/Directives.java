package dev.berth.builder.dockerfile;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parser directives at the top of a Dockerfile ({@code # escape=`}, {@code # syntax=...}, {@code # check=...}).
 * They are read only until the first line that is not one.
 */
public final class Directives {

    private static final Pattern DIRECTIVE =
            Pattern.compile("^#[ \\t]*([a-zA-Z][a-zA-Z0-9]*)[ \\t]*=[ \\t]*(.+?)[ \\t]*$");
    private static final Set<String> KNOWN = Set.of("escape", "syntax", "check");

    private char escape = '\\';
    private String syntax;
    private String check;
    private boolean done;
    private final Set<String> seen = new HashSet<>();

    public char escape() {
        return escape;
    }

    public String syntax() {
        return syntax;
    }

    public String check() {
        return check;
    }

    /** Reads a line as a possible directive; any other line ends the directives. */
    void offer(String line, String file, int lineNumber) throws DockerfileException {
        if (done) {
            return;
        }
        Matcher m = DIRECTIVE.matcher(line);
        if (!m.matches() || !KNOWN.contains(m.group(1).toLowerCase(Locale.ROOT))) {
            done = true;
            return;
        }
        String key = m.group(1).toLowerCase(Locale.ROOT);
        if (!seen.add(key)) {
            throw new DockerfileException(file, lineNumber, 1, "only one " + key + " parser directive can be used");
        }
        String value = m.group(2);
        switch (key) {
            case "escape" -> {
                if (!value.equals("\\") && !value.equals("`")) {
                    throw new DockerfileException(file, lineNumber, m.start(2) + 1,
                            "invalid escape token '" + value + "': it must be \\ or `");
                }
                escape = value.charAt(0);
            }
            case "syntax" -> syntax = value;
            default -> check = value;
        }
    }
}
