package dev.berth.builder.dockerfile;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Splits the text after an instruction's flags the way that instruction takes its arguments. */
final class Arguments {

    private final ObjectMapper json = new ObjectMapper();

    /** The split arguments, and whether they were JSON. */
    record Split(List<String> arguments, boolean json) {
        static Split of(List<String> arguments) {
            return new Split(arguments, false);
        }
    }

    /** A problem with the arguments, at a column of the text. */
    static final class Problem extends Exception {
        Problem(String message) {
            super(message);
        }
    }

    Split split(String instruction, String rest, char escape) throws Problem {
        return switch (instruction.toLowerCase(Locale.ROOT)) {
            case "run", "cmd", "entrypoint" -> maybeJson(rest);
            case "copy", "add", "volume" -> maybeJsonList(rest);
            case "from", "expose" -> Split.of(Words.whitespaceDelimited(rest));
            case "env", "label" -> Split.of(nameValues(instruction, rest, escape));
            case "arg" -> Split.of(Words.shellWords(rest, escape));
            case "maintainer", "user", "workdir", "stopsignal" -> Split.of(rest.isEmpty() ? List.of() : List.of(rest));
            case "shell" -> new Split(json(rest).orElseThrow(() ->
                    new Problem("SHELL requires the arguments in JSON form, such as SHELL [\"/bin/sh\", \"-c\"]")),
                    true);
            case "healthcheck" -> healthcheck(rest);
            default -> throw new Problem("unknown instruction '" + instruction + "': expected one of FROM, RUN, CMD, "
                    + "LABEL, MAINTAINER, EXPOSE, ENV, ADD, COPY, ENTRYPOINT, VOLUME, USER, WORKDIR, ARG, ONBUILD, "
                    + "STOPSIGNAL, HEALTHCHECK, SHELL");
        };
    }

    private Split maybeJson(String rest) throws Problem {
        if (rest.isEmpty()) {
            return Split.of(List.of());
        }
        Optional<List<String>> array = json(rest);
        return array.map(strings -> new Split(strings, true)).orElseGet(() -> Split.of(List.of(rest)));
    }

    private Split maybeJsonList(String rest) throws Problem {
        Optional<List<String>> array = json(rest);
        return array.map(strings -> new Split(strings, true))
                .orElseGet(() -> Split.of(Words.whitespaceDelimited(rest)));
    }

    /** The JSON array of strings the text is, if it is one; an array of anything but strings is an error. */
    private Optional<List<String>> json(String rest) throws Problem {
        String trimmed = rest.stripLeading();
        if (!trimmed.startsWith("[")) {
            return Optional.empty();
        }
        JsonNode tree;
        try {
            tree = json.readTree(trimmed);
        } catch (JacksonException e) {
            return Optional.empty();
        }
        if (tree == null || !tree.isArray()) {
            return Optional.empty();
        }
        List<String> strings = new ArrayList<>();
        for (JsonNode element : tree) {
            if (!element.isTextual()) {
                throw new Problem("when using JSON array syntax, arrays must be comprised of strings only");
            }
            strings.add(element.asText());
        }
        return Optional.of(strings);
    }

    /**
     * ENV and LABEL: {@code key=value ...} pairs, or the legacy {@code key value} form; as key, value, separator
     * triples ({@code "="} or {@code ""} for the legacy form).
     */
    private static List<String> nameValues(String instruction, String rest, char escape) throws Problem {
        List<String> words = Words.shellWords(rest, escape);
        if (words.isEmpty()) {
            return List.of();
        }
        if (!words.getFirst().contains("=")) {
            String[] parts = Words.WHITESPACE.split(rest, 2);
            if (parts.length < 2) {
                throw new Problem(instruction.toUpperCase(Locale.ROOT) + " must have two arguments: "
                        + instruction.toUpperCase(Locale.ROOT) + " name=value, or the legacy form name value");
            }
            return List.of(parts[0], parts[1], "");
        }
        List<String> triples = new ArrayList<>();
        for (String word : words) {
            int equals = word.indexOf('=');
            if (equals < 0) {
                throw new Problem("syntax error - can't find = in \"" + word + "\"; it must be of the form name=value");
            }
            triples.add(word.substring(0, equals));
            triples.add(word.substring(equals + 1));
            triples.add("=");
        }
        return triples;
    }

    /** HEALTHCHECK: the type word (CMD, NONE, ...) and the command, JSON or shell form. */
    private Split healthcheck(String rest) throws Problem {
        int sep = 0;
        while (sep < rest.length() && !Character.isWhitespace(rest.charAt(sep))) {
            sep++;
        }
        if (sep == 0) {
            return Split.of(List.of());
        }
        int next = sep;
        while (next < rest.length() && Character.isWhitespace(rest.charAt(next))) {
            next++;
        }
        Split command = maybeJson(rest.substring(next));
        List<String> all = new ArrayList<>();
        all.add(rest.substring(0, sep));
        all.addAll(command.arguments());
        return new Split(all, command.json());
    }
}
