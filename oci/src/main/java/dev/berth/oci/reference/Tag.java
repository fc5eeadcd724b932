package dev.berth.oci.reference;

/** A tag such as {@code latest} or {@code v1.2.3}: at most 128 characters, safe as a file name. */
public record Tag(String value) implements Comparable<Tag> {

    private static final int MAX_LENGTH = 128;

    public Tag {
        if (!isValid(value)) {
            throw new IllegalArgumentException("invalid tag '" + value + "': a tag is 1 to 128 characters of "
                    + "letters, digits, '_', '.' and '-', and does not start with '.' or '-'");
        }
    }

    public static Tag of(String value) {
        return new Tag(value);
    }

    /**
     * Whether the value matches {@code [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}}, checked character by character: tag lists
     * check every tag of a repository, thousands per request, where a regular expression costs ten times as much.
     */
    public static boolean isValid(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || (i > 0 && (c == '.' || c == '-'));
            if (!allowed) {
                return false;
            }
        }
        return true;
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
