package dev.berth.oci.reference;

import java.util.regex.Pattern;

/**
 * A repository's name within a registry, such as {@code library/busybox}, checked against the distribution spec's
 * grammar. A valid name has no {@code ..}, no leading slash and no upper case, so it is safe as a path.
 */
public record RepositoryName(String value) implements Comparable<RepositoryName> {

    private static final Pattern GRAMMAR =
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
        if (!GRAMMAR.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid repository name '" + value + "': use lower-case letters, "
                    + "digits and separators (. _ __ -) in path components joined by /");
        }
    }

    public static RepositoryName of(String value) {
        return new RepositoryName(value);
    }

    public static boolean isValid(String value) {
        return value != null && value.length() <= MAX_LENGTH && GRAMMAR.matcher(value).matches();
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
