package dev.berth.builder.dockerfile;

import java.util.stream.Collectors;

/**
 * Prints a syntax tree in the dump format of BuildKit's parser tests: one instruction a line, lower-case keyword,
 * flags as a bracketed list of quoted strings, then each argument quoted as Go quotes strings.
 */
public final class AstDump {

    private AstDump() {
    }

    public static String dump(Dockerfile dockerfile) {
        return dockerfile.nodes().stream().map(node -> "(" + dump(node) + ")").collect(Collectors.joining("\n"))
                + (dockerfile.nodes().isEmpty() ? "" : "\n");
    }

    static String dump(Node node) {
        StringBuilder out = new StringBuilder(node.instruction());
        if (!node.flags().isEmpty()) {
            out.append(' ').append(node.flags().stream().map(AstDump::quote)
                    .collect(Collectors.joining(" ", "[", "]")));
        }
        if (node.child() != null) {
            out.append(" (").append(dump(node.child())).append(')');
        }
        for (String argument : node.arguments()) {
            out.append(' ').append(quote(argument));
        }
        return out.toString();
    }

    /** Quotes a string as Go's {@code strconv.Quote} does. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        value.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case 0x07 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case 0x0B -> out.append("\\v");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        out.append(String.format("\\x%02x", c));
                    } else if (!Character.isDefined(c) || Character.getType(c) == Character.FORMAT
                            || Character.getType(c) == Character.PRIVATE_USE) {
                        out.append(c > 0xFFFF ? String.format("\\U%08x", c) : String.format("\\u%04x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.append('"').toString();
    }
}
