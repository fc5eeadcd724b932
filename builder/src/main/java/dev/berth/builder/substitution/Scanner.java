package dev.berth.builder.substitution;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One pass of the shell lexer over one word. */
final class Scanner {

    private static final int EOF = -1;

    private final String source;
    private final Map<String, String> env;
    private final char escape;
    private final boolean skipQuotes;
    private int pos;

    Scanner(String source, Map<String, String> env, char escape, boolean skipQuotes) {
        this.source = source;
        this.env = env;
        this.escape = escape;
        this.skipQuotes = skipQuotes;
    }

    ShellLex.Result process() throws SubstitutionException {
        try {
            return processStopOn(EOF, false);
        } catch (SubstitutionException e) {
            throw new SubstitutionException("failed to process \"" + source + "\": " + e.getMessage());
        }
    }

    private int peek() {
        return pos < source.length() ? source.charAt(pos) : EOF;
    }

    private int next() {
        return pos < source.length() ? source.charAt(pos++) : EOF;
    }

    private ShellLex.Result processStopOn(int stop, boolean rawEscapes) throws SubstitutionException {
        StringBuilder result = new StringBuilder();
        ShellLex.WordCollector words = new ShellLex.WordCollector();
        while (peek() != EOF) {
            int ch = peek();
            if (stop != EOF && ch == stop) {
                next();
                return new ShellLex.Result(result.toString(), words.words());
            }
            if (ch == '$') {
                String value = dollar();
                result.append(value);
                words.addString(value);
            } else if (ch == '\'' && !skipQuotes) {
                String value = singleQuote();
                result.append(value);
                words.addRawString(value);
            } else if (ch == '"' && !skipQuotes) {
                String value = doubleQuote();
                result.append(value);
                words.addRawString(value);
            } else {
                ch = next();
                if (ch == escape) {
                    if (rawEscapes) {
                        words.addRawChar(ch);
                        result.append((char) ch);
                    }
                    ch = next();
                    if (ch == EOF) {
                        break;
                    }
                    words.addRawChar(ch);
                } else {
                    words.addChar(ch);
                }
                result.append((char) ch);
            }
        }
        if (stop != EOF) {
            throw new SubstitutionException("syntax error: missing '" + (char) stop + "'");
        }
        return new ShellLex.Result(result.toString(), words.words());
    }

    private String singleQuote() throws SubstitutionException {
        next();
        StringBuilder result = new StringBuilder();
        while (true) {
            int ch = next();
            if (ch == EOF) {
                throw new SubstitutionException("unexpected end of statement while looking for matching single-quote");
            }
            if (ch == '\'') {
                return result.toString();
            }
            result.append((char) ch);
        }
    }

    private String doubleQuote() throws SubstitutionException {
        next();
        StringBuilder result = new StringBuilder();
        while (true) {
            int ch = peek();
            if (ch == EOF) {
                throw new SubstitutionException("unexpected end of statement while looking for matching double-quote");
            }
            if (ch == '"') {
                next();
                return result.toString();
            }
            if (ch == '$') {
                result.append(dollar());
                continue;
            }
            ch = next();
            if (ch == escape) {
                int following = peek();
                if (following == EOF) {
                    continue;
                }
                if (following == '"' || following == '$' || following == escape) {
                    ch = next();
                } else {
                    result.append((char) ch);
                    ch = next();
                }
            }
            result.append((char) ch);
        }
    }

    private String dollar() throws SubstitutionException {
        next();
        if (peek() != '{') {
            String name = name();
            if (name.isEmpty()) {
                return "$";
            }
            return env.getOrDefault(name, "");
        }
        next();
        int first = peek();
        if (first == EOF) {
            throw new SubstitutionException("syntax error: missing '}'");
        }
        if (first == '{' || first == '}' || first == ':') {
            throw new SubstitutionException("syntax error: bad substitution");
        }
        String name = name();
        int ch = next();
        if (ch == '}') {
            return env.getOrDefault(name, "");
        }
        if (ch == '/') {
            return replace(name);
        }
        String modifier = String.valueOf((char) ch);
        boolean nullIsUnset = false;
        if (ch == ':') {
            nullIsUnset = true;
            ch = next();
            modifier += (char) ch;
        }
        if (ch != '+' && ch != '-' && ch != '?' && ch != '#' && ch != '%') {
            throw new SubstitutionException("unsupported modifier (" + modifier + ") in substitution");
        }
        boolean pattern = ch == '#' || ch == '%';
        if (nullIsUnset && pattern) {
            throw new SubstitutionException("unsupported modifier (" + modifier + ") in substitution");
        }
        String word = processStopOn('}', pattern).text();
        String value = env.get(name);
        boolean set = value != null;
        boolean empty = !set || (nullIsUnset && value.isEmpty());
        return switch (ch) {
            case '-' -> empty ? word : value;
            case '+' -> empty ? "" : word;
            case '?' -> {
                if (!set) {
                    throw new SubstitutionException(name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
                }
                if (nullIsUnset && value.isEmpty()) {
                    throw new SubstitutionException(name + ": " + (word.isEmpty() ? "is not allowed to be empty" : word));
                }
                yield value;
            }
            default -> trim(ch, word, set ? value : "");
        };
    }

    private String trim(int kind, String word, String value) {
        boolean greedy = !word.isEmpty() && word.charAt(0) == kind;
        Pattern pattern = ShellPattern.toRegex(greedy ? word.substring(1) : word, greedy);
        if (kind == '#') {
            for (int length = greedy ? value.length() : 0; greedy ? length >= 0 : length <= value.length();
                 length += greedy ? -1 : 1) {
                if (pattern.matcher(value.substring(0, length)).matches()) {
                    return value.substring(length);
                }
            }
            return value;
        }
        for (int start = greedy ? 0 : value.length(); greedy ? start <= value.length() : start >= 0;
             start += greedy ? 1 : -1) {
            if (pattern.matcher(value.substring(start)).matches()) {
                return value.substring(0, start);
            }
        }
        return value;
    }

    private String replace(String name) throws SubstitutionException {
        boolean all = peek() == '/';
        if (all) {
            next();
        }
        String patternText;
        try {
            patternText = processStopOn('/', true).text();
        } catch (SubstitutionException e) {
            throw new SubstitutionException("syntax error: missing '/' in ${}");
        }
        String replacement = processStopOn('}', true).text();
        String value = env.getOrDefault(name, "");
        Pattern pattern = ShellPattern.toRegex(patternText, true);
        String literal = Matcher.quoteReplacement(replacement);
        return all ? pattern.matcher(value).replaceAll(literal) : pattern.matcher(value).replaceFirst(literal);
    }

    /** A variable name: letters, digits and underscores; or a run of digits; or one special parameter. */
    private String name() {
        StringBuilder name = new StringBuilder();
        while (peek() != EOF) {
            int ch = peek();
            if (name.isEmpty() && Character.isDigit(ch)) {
                while (peek() != EOF && Character.isDigit(peek())) {
                    name.append((char) next());
                }
                return name.toString();
            }
            if (name.isEmpty() && "@*#?-$!0".indexOf(ch) >= 0) {
                return String.valueOf((char) next());
            }
            if (!Character.isLetterOrDigit(ch) && ch != '_') {
                break;
            }
            name.append((char) next());
        }
        return name.toString();
    }
}
