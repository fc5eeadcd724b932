package dev.berth.builder.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Dockerfile text into a syntax tree as BuildKit's parser does: parser directives, comments (also inside
 * continuations), line continuations with the escape character, empty continuation lines, flags, per-instruction
 * argument forms, ONBUILD, and here-documents.
 */
public final class DockerfileParser {

    private static final Set<String> HEREDOC_INSTRUCTIONS = Set.of("run", "copy", "add");
    private static final Pattern HEREDOC = Pattern.compile("^(\\d*)<<(-?)\\s*([^<]*)$");

    private final Arguments arguments = new Arguments();

    /** Parses the text of the file named {@code file} (the name is only used in messages). */
    public Dockerfile parse(String file, String text) throws DockerfileException {
        Directives directives = new Directives();
        String[] lines = text.startsWith("\uFEFF") ? text.substring(1).split("\r?\n", -1) : text.split("\r?\n", -1);
        List<Node> nodes = new ArrayList<>();
        int index = 0;
        while (index < lines.length) {
            String raw = lines[index];
            int startLine = index + 1;
            directives.offer(raw.strip(), file, startLine);
            index++;
            String line = stripComment(raw.stripLeading());
            Continuation first = Continuation.of(line, directives.escape());
            if (first.complete() && line.isBlank()) {
                continue;
            }
            StringBuilder joined = new StringBuilder(first.text());
            boolean complete = first.complete();
            while (!complete && index < lines.length) {
                String next = lines[index];
                index++;
                if (isComment(next) || next.isBlank()) {
                    continue;
                }
                Continuation continued = Continuation.of(next, directives.escape());
                joined.append(continued.text());
                complete = continued.complete();
            }
            Node node = node(file, joined.toString(), startLine, index, directives.escape());
            if (canContainHeredoc(node)) {
                List<Heredoc> heredocs = new ArrayList<>();
                for (HeredocMarker marker : markers(node.original(), directives.escape())) {
                    index = readHeredoc(file, lines, index, marker, heredocs, startLine);
                }
                node = node.withHeredocs(heredocs, index);
            }
            nodes.add(node);
        }
        if (nodes.isEmpty()) {
            throw new DockerfileException(file, Math.max(1, lines.length), 1, "file with no instructions: a "
                    + "Dockerfile needs at least a FROM");
        }
        return new Dockerfile(file, directives, nodes);
    }

    private Node node(String file, String line, int startLine, int endLine, char escape) throws DockerfileException {
        String trimmed = line.strip();
        String[] split = Words.WHITESPACE.split(trimmed, 2);
        String keyword = split[0];
        String afterKeyword = split.length == 2 ? split[1] : "";
        Words.Flags flags = Words.extractFlags(afterKeyword, escape);
        String rest = flags.rest().strip();
        if (keyword.equalsIgnoreCase("onbuild")) {
            if (rest.isEmpty()) {
                throw new DockerfileException(file, startLine, 1, "ONBUILD needs an instruction to run later");
            }
            Node child = node(file, rest, startLine, endLine, escape);
            String inner = child.instruction();
            if (inner.equals("onbuild") || inner.equals("from") || inner.equals("maintainer")) {
                throw new DockerfileException(file, startLine, 1, inner.toUpperCase(Locale.ROOT)
                        + " isn't allowed as an ONBUILD trigger");
            }
            return new Node(keyword, flags.flags(), List.of(), false, child, List.of(), trimmed, startLine, endLine);
        }
        try {
            Arguments.Split split1 = arguments.split(keyword, rest, escape);
            return new Node(keyword, flags.flags(), split1.arguments(), split1.json(), null, List.of(), trimmed,
                    startLine, endLine);
        } catch (Arguments.Problem problem) {
            int column = trimmed.indexOf(rest);
            throw new DockerfileException(file, startLine, rest.isEmpty() || column < 0 ? 1 : column + 1,
                    problem.getMessage());
        }
    }

    private static boolean canContainHeredoc(Node node) {
        Node target = node.child() != null ? node.child() : node;
        return HEREDOC_INSTRUCTIONS.contains(target.instruction()) && !target.json();
    }

    /** A {@code <<WORD} or {@code <<-WORD} in an instruction's text. */
    private record HeredocMarker(String name, boolean expand, boolean chomp) {
    }

    private static List<HeredocMarker> markers(String line, char escape) {
        List<HeredocMarker> markers = new ArrayList<>();
        for (String word : Words.shellWords(line, escape)) {
            Matcher m = HEREDOC.matcher(word);
            if (!m.matches() || m.group(3).isEmpty()) {
                continue;
            }
            String name = m.group(3);
            boolean quoted = name.contains("\"") || name.contains("'");
            markers.add(new HeredocMarker(name.replace("\"", "").replace("'", ""), !quoted, m.group(2).equals("-")));
        }
        return markers;
    }

    private static int readHeredoc(String file, String[] lines, int index, HeredocMarker marker,
                                   List<Heredoc> heredocs, int startLine) throws DockerfileException {
        StringBuilder content = new StringBuilder();
        int at = index;
        while (at < lines.length) {
            String line = lines[at];
            at++;
            String candidate = marker.chomp() ? line.replaceFirst("^\\t+", "") : line;
            if (candidate.equals(marker.name())) {
                heredocs.add(new Heredoc(marker.name(), content.toString(), marker.expand(), marker.chomp()));
                return at;
            }
            content.append(candidate).append('\n');
        }
        throw new DockerfileException(file, startLine, 1, "unterminated heredoc: no line '" + marker.name()
                + "' closes the here-document started here");
    }

    private static boolean isComment(String line) {
        return line.stripLeading().startsWith("#");
    }

    private static String stripComment(String line) {
        return line.startsWith("#") ? "" : line;
    }

    /**
     * A physical line with its continuation character (and trailing blanks after it) removed. As in BuildKit, an
     * escape character after another one ({@code \\} at the end of a line) is no continuation.
     */
    private record Continuation(String text, boolean complete) {
        static Continuation of(String line, char escape) {
            int end = line.length();
            while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
                end--;
            }
            boolean escapedEscape = end > 1 && line.charAt(end - 2) == escape;
            if (end > 0 && line.charAt(end - 1) == escape && !escapedEscape) {
                return new Continuation(line.substring(0, end - 1), false);
            }
            return new Continuation(line, true);
        }
    }
}
