package dev.berth.builder.dockerfile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** The ways BuildKit's parser splits an instruction's text into words, before any substitution. */
final class Words {

    static final Pattern WHITESPACE = Pattern.compile("[\\t\\x0B\\f\\r ]+");

    private Words() {
    }

    /** The leading flags of the text and what follows them. */
    record Flags(List<String> flags, String rest) {
    }

    /**
     * Splits off leading {@code --flag} words, removing their quotes and escapes, as BuildKit's
     * {@code extractBuilderFlags} does; a lone {@code --} ends the flags.
     */
    static Flags extractFlags(String line, char escape) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        boolean blankOk = false;
        int pos = 0;
        while (pos <= line.length()) {
            boolean end = pos == line.length();
            char ch = end ? 0 : line.charAt(pos);
            if (!inWord && quote == 0) {
                if (end) {
                    break;
                }
                if (Character.isWhitespace(ch)) {
                    pos++;
                    continue;
                }
                if (ch != '-' || pos + 1 == line.length() || line.charAt(pos + 1) != '-') {
                    return new Flags(words, line.substring(pos));
                }
                inWord = true;
            }
            if (end) {
                if (!word.toString().equals("--") && (blankOk || !word.isEmpty())) {
                    words.add(word.toString());
                }
                break;
            }
            if (quote == 0) {
                if (Character.isWhitespace(ch)) {
                    inWord = false;
                    if (word.toString().equals("--")) {
                        return new Flags(words, line.substring(pos));
                    }
                    if (blankOk || !word.isEmpty()) {
                        words.add(word.toString());
                    }
                    word.setLength(0);
                    blankOk = false;
                    pos++;
                    continue;
                }
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                    blankOk = true;
                    pos++;
                    continue;
                }
            } else if (ch == quote) {
                quote = 0;
                pos++;
                continue;
            }
            if (ch == escape) {
                if (pos + 1 == line.length()) {
                    pos++;
                    continue;
                }
                pos++;
                ch = line.charAt(pos);
            }
            word.append(ch);
            pos++;
        }
        return new Flags(words, "");
    }

    /**
     * Splits on unquoted whitespace, keeping quotes and escapes in the words (they are processed later, at
     * substitution), as BuildKit's {@code parseWords} does for ENV, LABEL and ARG.
     */
    static List<String> shellWords(String rest, char escape) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        boolean blankOk = false;
        for (int pos = 0; pos <= rest.length(); pos++) {
            boolean end = pos == rest.length();
            char ch = end ? 0 : rest.charAt(pos);
            if (!inWord) {
                if (end) {
                    break;
                }
                if (Character.isWhitespace(ch)) {
                    continue;
                }
                inWord = true;
            }
            if (end) {
                if (blankOk || !word.isEmpty()) {
                    words.add(word.toString());
                }
                break;
            }
            if (quote == 0) {
                if (Character.isWhitespace(ch)) {
                    inWord = false;
                    if (blankOk || !word.isEmpty()) {
                        words.add(word.toString());
                    }
                    word.setLength(0);
                    blankOk = false;
                    continue;
                }
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                    blankOk = true;
                }
                if (ch == escape) {
                    if (pos + 1 == rest.length()) {
                        continue;
                    }
                    word.append(ch);
                    pos++;
                    ch = rest.charAt(pos);
                }
                word.append(ch);
                continue;
            }
            boolean closes = ch == quote;
            if (ch == escape && quote != '\'') {
                if (pos + 1 == rest.length()) {
                    continue;
                }
                word.append(ch);
                pos++;
                ch = rest.charAt(pos);
                closes = false;
            }
            if (closes) {
                quote = 0;
            }
            word.append(ch);
        }
        return words;
    }

    /** Splits on runs of whitespace, as BuildKit's {@code parseStringsWhitespaceDelimited} does. */
    static List<String> whitespaceDelimited(String rest) {
        if (rest.isEmpty()) {
            return List.of();
        }
        return Arrays.asList(WHITESPACE.split(rest, -1));
    }
}
