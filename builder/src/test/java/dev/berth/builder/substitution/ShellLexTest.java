package dev.berth.builder.substitution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ShellLexTest {

    private static final Map<String, String> ENV = Map.of(
            "FOO", "/bar",
            "str", "foobarbaz",
            "EMPTY", "",
            "SPACED", "a b  c",
            "path", "/usr/local/bin");

    private final ShellLex lex = new ShellLex('\\');

    private String word(String text) throws SubstitutionException {
        return lex.processWord(text, ENV);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "$FOO|/bar",
            "${FOO}|/bar",
            "${FOO}_x|/bar_x",
            "$FOO_x|''",
            "\\$FOO|$FOO",
            "\\${FOO}|${FOO}",
            "${UNSET:-word}|word",
            "${EMPTY:-word}|word",
            "${FOO:-word}|/bar",
            "${UNSET-word}|word",
            "${EMPTY-word}|''",
            "${FOO:+word}|word",
            "${EMPTY:+word}|''",
            "${EMPTY+word}|word",
            "${UNSET+word}|''",
            "${str#f*b}|arbaz",
            "${str##f*b}|az",
            "${str%b*}|foobar",
            "${str%%b*}|foo",
            "${str/ba/fo}|fooforbaz",
            "${str//ba/fo}|fooforfoz",
            "${UNSET:-$FOO}|/bar",
            "${UNSET:-${FOO}/x}|/bar/x",
            "'$FOO'|$FOO",
            "\"$FOO\"|/bar",
            "\"a\\\"b\"|a\"b",
            "\"a\\xb\"|a\\xb",
            "a\\ b|a b",
            "$|$",
            "${path#*/}|usr/local/bin",
            "${str#\\*}|foobarbaz",
    })
    void word_expandsAsBuildKitDoes(String input, String expected) throws SubstitutionException {
        assertEquals(expected.equals("''") ? "" : expected, word(input));
    }

    @Test
    void requiredVariable_unset_failsWithItsMessage() {
        SubstitutionException e = assertThrows(SubstitutionException.class, () -> word("${UNSET:?must be set}"));
        assertTrue(e.getMessage().contains("UNSET: must be set"), e.getMessage());
        SubstitutionException empty = assertThrows(SubstitutionException.class, () -> word("${EMPTY:?}"));
        assertTrue(empty.getMessage().contains("is not allowed to be empty"), empty.getMessage());
        SubstitutionException unset = assertThrows(SubstitutionException.class, () -> word("${UNSET?}"));
        assertTrue(unset.getMessage().contains("is not allowed to be unset"), unset.getMessage());
    }

    @Test
    void requiredVariable_emptyButSet_passesWithoutColon() throws SubstitutionException {
        assertEquals("", word("${EMPTY?}"));
    }

    @Test
    void missingBrace_isASyntaxError() {
        assertThrows(SubstitutionException.class, () -> word("${FOO"));
        assertThrows(SubstitutionException.class, () -> word("${}"));
    }

    @Test
    void unterminatedQuote_isAnError() {
        assertThrows(SubstitutionException.class, () -> word("'abc"));
        assertThrows(SubstitutionException.class, () -> word("\"abc"));
    }

    @Test
    void unsupportedModifier_isNamed() {
        SubstitutionException e = assertThrows(SubstitutionException.class, () -> word("${FOO:#x}"));
        assertTrue(e.getMessage().contains(":#"), e.getMessage());
    }

    @Test
    void words_splitExpandedValuesButNotQuotedOnes() throws SubstitutionException {
        assertEquals(List.of("a", "b", "c", "x"), lex.processWords("$SPACED x", ENV));
        assertEquals(List.of("a b  c", "x"), lex.processWords("\"$SPACED\" x", ENV));
    }

    @Test
    void backtickEscape_escapesInsteadOfBackslash() throws SubstitutionException {
        assertEquals("$FOO", new ShellLex('`').processWord("`$FOO", ENV));
        assertEquals("c:\\dir", new ShellLex('`').processWord("c:\\dir", ENV));
    }
}
