package dev.berth.oci.reference;

import java.util.regex.Pattern;

/** A tag such as {@code latest} or {@code v1.2.3}: at most 128 characters, safe as a file name. */
public record Tag(String value) implements Comparable<Tag> {

    private static final Pattern GRAMMAR = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

    public Tag {
        if (value == null || !GRAMMAR.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid tag '" + value + "': a tag is 1 to 128 characters of "
                    + "letters, digits, '_', '.' and '-', and does not start with '.' or '-'");
        }
    }

    public static Tag of(String value) {
        return new Tag(value);
    }

    public static boolean isValid(String value) {
        return value != null && GRAMMAR.matcher(value).matches();
    }

    @Override
    public int compareTo(Tag other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
