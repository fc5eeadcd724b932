package dev.berth.builder.dockerfile;

import java.util.List;
import java.util.Locale;

/**
 * One instruction of the syntax tree, split as BuildKit's parser splits it, before any variable is substituted.
 *
 * @param keyword   the instruction word as written, such as {@code RUN} or {@code from}
 * @param flags     the leading {@code --name=value} flags, quotes removed
 * @param arguments the arguments, split the way this instruction splits them
 * @param json      whether the arguments were written in JSON (exec) form
 * @param child     the instruction an ONBUILD wraps, else null
 * @param heredocs  the here-documents the instruction introduces
 * @param original  the instruction's text, continuation lines joined
 * @param startLine the 1-based line the instruction starts on
 * @param endLine   the line it ends on, here-documents included
 */
public record Node(
        String keyword,
        List<String> flags,
        List<String> arguments,
        boolean json,
        Node child,
        List<Heredoc> heredocs,
        String original,
        int startLine,
        int endLine) {

    public Node {
        flags = List.copyOf(flags);
        arguments = List.copyOf(arguments);
        heredocs = List.copyOf(heredocs);
    }

    /** The instruction word in lower case, as instructions are matched. */
    public String instruction() {
        return keyword.toLowerCase(Locale.ROOT);
    }

    Node withHeredocs(List<Heredoc> found, int lastLine) {
        return new Node(keyword, flags, arguments, json, child, found, original, startLine, lastLine);
    }
}
