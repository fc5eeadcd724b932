package dev.berth.oci.reference;

import java.util.regex.Pattern;

/**
 * A repository's name within a registry, such as {@code library/busybox}, checked against the distribution spec's
 * grammar. A valid name has no {@code ..}, no leading slash and no upper case, so it is safe as a path.
 */
public record RepositoryName(String value) implements Comparable<RepositoryName> {

    /** The spec's grammar; {@link #matchesGrammar} checks the same by hand, as every request names a repository. */
    static final Pattern GRAMMAR =
            Pattern.compile("[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*");
    public static final int MAX_LENGTH = 255;

    public RepositoryName {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("repository name is empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("repository name is " + value.length()
                    + " characters long; the limit is " + MAX_LENGTH);
        }
        if (!matchesGrammar(value)) {
            throw new IllegalArgumentException("invalid repository name '" + value + "': use lower-case letters, "
                    + "digits and separators (. _ __ -) in path components joined by /");
        }
    }

    public static RepositoryName of(String value) {
        return new RepositoryName(value);
    }

    public static boolean isValid(String value) {
        return value != null && value.length() <= MAX_LENGTH && matchesGrammar(value);
    }

    /**
     * {@link #GRAMMAR}: path components joined by {@code /}, each runs of lower-case letters and digits joined by
     * one separator ({@code .}, {@code _}, {@code __}, or any number of {@code -}).
     */
    static boolean matchesGrammar(String text) {
        int length = text.length();
        int i = 0;
        while (true) {
            i = alphanumerics(text, i);
            if (i < 0) {
                return false;
            }
            while (i < length && text.charAt(i) != '/') {
                char separator = text.charAt(i++);
                if (separator == '_' && i < length && text.charAt(i) == '_') {
                    i++;
                } else if (separator == '-') {
                    while (i < length && text.charAt(i) == '-') {
                        i++;
                    }
                } else if (separator != '.' && separator != '_') {
                    return false;
                }
                i = alphanumerics(text, i);
                if (i < 0) {
                    return false;
                }
            }
            if (i == length) {
                return true;
            }
            i++;   // the slash before the next component
        }
    }

    /** The index after the run of lower-case letters and digits at {@code start}; -1 if there is none. */
    private static int alphanumerics(String text, int start) {
        int i = start;
        while (i < text.length() && (text.charAt(i) >= 'a' && text.charAt(i) <= 'z'
                || text.charAt(i) >= '0' && text.charAt(i) <= '9')) {
            i++;
        }
        return i == start ? -1 : i;
    }

    @Override
    public int compareTo(RepositoryName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
