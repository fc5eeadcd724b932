package dev.berth.builder.substitution;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Expands variables in a Dockerfile word as BuildKit's shell lexer does: quotes and escapes are processed,
 * {@code $x}, {@code ${x}} and the modifiers {@code :- - :+ + :? ? # ## % %% / //} are applied, and no command is
 * ever run. {@link #processWords} also splits the result into words, as the shell would.
 */
public final class ShellLex {

    private final char escape;

    public ShellLex(char escape) {
        this.escape = escape;
    }

    /** The word with quotes and escapes processed and variables expanded. */
    public String processWord(String word, Map<String, String> env) throws SubstitutionException {
        return new Scanner(word, env, escape, false).process().text();
    }

    /** Like {@link #processWord}, but quotes are ordinary characters, as in the body of a here-document. */
    public String processHeredoc(String body, Map<String, String> env) throws SubstitutionException {
        return new Scanner(body, env, escape, true).process().text();
    }

    /** The word expanded and split on unquoted whitespace, including whitespace that expansion produced. */
    public List<String> processWords(String word, Map<String, String> env) throws SubstitutionException {
        return new Scanner(word, env, escape, false).process().words();
    }

    /** What expanding one word gave: the text, and the text split into words. */
    record Result(String text, List<String> words) {
    }

    /** Collects the split words while the text is built. */
    static final class WordCollector {
        private final List<String> words = new ArrayList<>();
        private final StringBuilder word = new StringBuilder();
        private boolean inWord;

        void addChar(int ch) {
            if (Character.isWhitespace(ch)) {
                if (inWord && !word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                addRawChar(ch);
            }
        }

        void addRawChar(int ch) {
            word.appendCodePoint(ch);
            inWord = true;
        }

        void addString(String text) {
            text.codePoints().forEach(this::addChar);
        }

        void addRawString(String text) {
            word.append(text);
            inWord = true;
        }

        List<String> words() {
            if (!word.isEmpty()) {
                words.add(word.toString());
                word.setLength(0);
                inWord = false;
            }
            return List.copyOf(words);
        }
    }
}
