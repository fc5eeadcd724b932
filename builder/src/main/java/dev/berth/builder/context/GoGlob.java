package dev.berth.builder.context;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Go's {@code filepath.Match} patterns as regular expressions: {@code *}, {@code ?}, {@code [...]}, escapes. */
public final class GoGlob {

    private GoGlob() {
    }

    /** Whether the text has a wildcard, so a path must be matched rather than looked up. */
    public static boolean hasWildcard(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '*' || c == '?' || c == '[') {
                return true;
            }
        }
        return false;
    }

    /** Compiles one path component's pattern; {@code *} and {@code ?} never match {@code /}. */
    public static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder();
        appendTo(regex, glob, false);
        try {
            return Pattern.compile(regex.toString(), Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid pattern '" + glob + "': " + e.getDescription(), e);
        }
    }

    /** Appends the regex of a glob; with {@code doubleStar}, {@code **} matches across directories. */
    static void appendTo(StringBuilder regex, String glob, boolean doubleStar) {
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> {
                    if (doubleStar && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        i++;
                        if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
                            i++;
                        }
                        regex.append(i + 1 == glob.length() ? ".*" : "(.*/)?");
                    } else {
                        regex.append("[^/]*");
                    }
                }
                case '?' -> regex.append("[^/]");
                case '\\' -> {
                    if (i + 1 < glob.length()) {
                        regex.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
                    } else {
                        regex.append("\\\\");
                    }
                }
                case '[' -> {
                    int end = glob.indexOf(']', i + 2);
                    if (end < 0) {
                        throw new IllegalArgumentException("invalid pattern '" + glob + "': unterminated [");
                    }
                    String body = glob.substring(i + 1, end);
                    if (body.startsWith("!") || body.startsWith("^")) {
                        body = "^" + body.substring(1);
                    }
                    regex.append('[').append(body.replace("\\", "\\\\").replace("[", "\\[")).append(']');
                    i = end;
                }
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
    }
}
