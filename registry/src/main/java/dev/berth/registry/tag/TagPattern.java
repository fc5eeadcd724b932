package dev.berth.registry.tag;

import java.util.regex.Pattern;

/**
 * Tags named by a wildcard pattern, as ECR's tag filters and lifecycle {@code tagPatternList} write them: {@code *}
 * stands for any run of characters (none included), everything else for itself, so {@code prod*} covers
 * {@code prod} and {@code prod-1}, and {@code *-rc*} covers {@code v1-rc2}.
 */
public record TagPattern(String wildcard) {

    private static final Pattern TAG_CHARACTERS = Pattern.compile("[A-Za-z0-9_.*-]{1,128}");

    public TagPattern {
        if (wildcard == null || !TAG_CHARACTERS.matcher(wildcard).matches()) {
            throw new IllegalArgumentException("invalid tag pattern '" + wildcard + "': use the characters of tags "
                    + "(letters, digits, _ . -) and * for any run of them, such as latest, prod* or *-rc*");
        }
    }

    public static TagPattern of(String wildcard) {
        return new TagPattern(wildcard);
    }

    public boolean matches(String tag) {
        return matches(wildcard, 0, tag, 0);
    }

    /** Wildcard matching without a regular expression per pattern: patterns are short, tags at most 128 characters. */
    private static boolean matches(String pattern, int p, String text, int t) {
        while (p < pattern.length()) {
            char c = pattern.charAt(p);
            if (c == '*') {
                for (int from = t; from <= text.length(); from++) {
                    if (matches(pattern, p + 1, text, from)) {
                        return true;
                    }
                }
                return false;
            }
            if (t == text.length() || text.charAt(t) != c) {
                return false;
            }
            p++;
            t++;
        }
        return t == text.length();
    }
}
