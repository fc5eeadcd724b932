package dev.berth.builder.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DockerfileParserTest {

    private final DockerfileParser parser = new DockerfileParser();

    private String dump(String text) throws DockerfileException {
        return AstDump.dump(parser.parse("Dockerfile", text)).strip();
    }

    private Dockerfile parse(String text) throws DockerfileException {
        return parser.parse("Dockerfile", text);
    }

    @Test
    void from_isSplitOnWhitespace() throws Exception {
        assertEquals("(from \"scratch\")", dump("FROM scratch"));
        assertEquals("(from \"golang:1.22\" \"AS\" \"build\")", dump("from golang:1.22 AS build"));
    }

    @Test
    void flags_areListedBeforeTheArguments() throws Exception {
        assertEquals("(copy [\"--user=me\" \"--doit=true\"] \"foo\" \"/tmp/\")",
                dump("COPY --user=me --doit=true foo /tmp/"));
    }

    @Test
    void quotedFlagValues_loseTheirQuotes() throws Exception {
        assertEquals("(run [\"--mount=type=cache,target=/a b\"] \"echo\")",
                dump("RUN --mount=\"type=cache,target=/a b\" echo"));
    }

    @Test
    void doubleDash_endsTheFlags() throws Exception {
        assertEquals("(copy [\"--a\"] \"--b\" \"/x\")", dump("COPY --a -- --b /x"));
    }

    @Test
    void execForm_keepsItsElements() throws Exception {
        assertEquals("(cmd [\"--doit\"] \"a\" \"b\")", dump("CMD --doit [\"a\", \"b\"]"));
        assertTrue(parse("CMD [\"a\"]").nodes().getFirst().json());
    }

    @Test
    void shellForm_isOneArgument() throws Exception {
        assertEquals("(run \"echo hello   world\")", dump("RUN echo hello   world"));
    }

    @Test
    void invalidJson_fallsBackToShellForm() throws Exception {
        assertEquals("(cmd \"[\\\"a\\\",\")", dump("CMD [\"a\", "));
    }

    @Test
    void jsonArrayOfNonStrings_isAnError() {
        DockerfileException e = assertThrows(DockerfileException.class, () -> parse("FROM x\nCMD [1, 2]"));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("strings only"), e.getMessage());
    }

    @Test
    void env_newForm_givesKeyValueSeparatorTriples() throws Exception {
        assertEquals("(env \"name\" \"value\" \"=\" \"b\" \"\\\"c d\\\"\" \"=\")",
                dump("ENV name=value b=\"c d\""));
    }

    @Test
    void env_legacyForm_takesTheRestOfTheLineAsValue() throws Exception {
        assertEquals("(env \"name\" \"value with  spaces\" \"\")", dump("ENV name value with  spaces"));
    }

    @Test
    void env_pairWithoutEquals_isAnErrorNamingTheWord() {
        DockerfileException e = assertThrows(DockerfileException.class, () -> parse("ENV a=b c"));
        assertTrue(e.getMessage().contains("\"c\""), e.getMessage());
        assertTrue(e.getMessage().startsWith("Dockerfile:1:"), e.getMessage());
    }

    @Test
    void label_isLikeEnv() throws Exception {
        assertEquals("(label \"a\" \"1\" \"=\")", dump("LABEL a=1"));
    }

    @Test
    void arg_keepsEachWordWhole() throws Exception {
        assertEquals("(arg \"foo=bar\" \"baz\")", dump("ARG foo=bar baz"));
    }

    @Test
    void healthcheck_splitsTheTypeFromTheCommand() throws Exception {
        assertEquals("(healthcheck [\"--timeout=3s\"] \"CMD\" \"foo\")", dump("HEALTHCHECK --timeout=3s CMD [\"foo\"]"));
        assertEquals("(healthcheck \"CONNECT\" \"TCP 7000\")", dump("HEALTHCHECK CONNECT TCP 7000"));
        assertEquals("(healthcheck \"NONE\")", dump("HEALTHCHECK NONE"));
    }

    @Test
    void onbuild_wrapsItsInstruction() throws Exception {
        assertEquals("(onbuild (run \"echo hi\"))", dump("ONBUILD RUN echo hi"));
    }

    @Test
    void onbuildOfOnbuild_isAnError() {
        assertThrows(DockerfileException.class, () -> parse("ONBUILD ONBUILD RUN x"));
    }

    @Test
    void shell_requiresJson() throws Exception {
        assertEquals("(shell \"/bin/bash\" \"-c\")", dump("SHELL [\"/bin/bash\", \"-c\"]"));
        assertThrows(DockerfileException.class, () -> parse("SHELL /bin/bash -c"));
    }

    @Test
    void unknownInstruction_isAnErrorWithItsLine() {
        DockerfileException e = assertThrows(DockerfileException.class, () -> parse("FROM x\n\nFROBNICATE y"));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("FROBNICATE"), e.getMessage());
    }

    @Test
    void continuation_joinsLinesAndSkipsCommentsAndBlankLines() throws Exception {
        assertEquals("(run \"echo hello   world\")", dump("RUN echo hello \\\n# a comment\n\n  world"));
    }

    @Test
    void continuation_keepsLeadingWhitespaceOfLaterLines() throws Exception {
        assertEquals("(run \"echo \\\"     hello     world\\\"\")", dump("RUN echo \"\\\n     hello\\\n     world\""));
    }

    @Test
    void comments_andLeadingWhitespace_areIgnored() throws Exception {
        assertEquals("(run \"echo hello\")\n(run \"echo world\")",
                dump("        # this is a comment-line\n    RUN echo hello\nRUN echo world"));
    }

    @Test
    void hashInsideAnInstruction_isAnArgument() throws Exception {
        assertEquals("(run \"echo 'we are running some # of cool things'\")",
                dump("RUN echo 'we are running some # of cool things'"));
    }

    @Test
    void escapeDirective_changesTheContinuationCharacter() throws Exception {
        Dockerfile dockerfile = parse("# escape=`\nFROM windows\nCOPY testfile.txt c:\\ `\n  d:\\");
        assertEquals('`', dockerfile.directives().escape());
        assertEquals("(copy \"testfile.txt\" \"c:\\\\\" \"d:\\\\\")", AstDump.dump(dockerfile).lines().toList().get(1));
    }

    @Test
    void directives_afterAComment_areOnlyComments() throws Exception {
        assertEquals('\\', parse("# hello\n# escape=`\nFROM x").directives().escape());
    }

    @Test
    void directives_areCaseInsensitiveAndAllowSpaces() throws Exception {
        Dockerfile dockerfile = parse("#  Syntax = docker/dockerfile:1\n# ESCAPE=`\nFROM x");
        assertEquals("docker/dockerfile:1", dockerfile.directives().syntax());
        assertEquals('`', dockerfile.directives().escape());
    }

    @Test
    void repeatedDirective_isAnError() {
        assertThrows(DockerfileException.class, () -> parse("# escape=`\n# escape=\\\nFROM x"));
    }

    @Test
    void invalidEscapeToken_isAnError() {
        assertThrows(DockerfileException.class, () -> parse("# escape=x\nFROM x"));
    }

    @Test
    void heredoc_bodyIsAttachedAndLinesCounted() throws Exception {
        Dockerfile dockerfile = parse("FROM x\nRUN <<EOF\necho a\necho b\nEOF\nRUN echo c");
        Node run = dockerfile.nodes().get(1);
        assertEquals(List.of(new Heredoc("EOF", "echo a\necho b\n", true, false)), run.heredocs());
        assertEquals(5, run.endLine());
        assertEquals("run \"echo c\"", AstDump.dump(dockerfile.nodes().get(2)));
    }

    @Test
    void heredoc_quotedDelimiter_turnsOffExpansion_andChompStripsTabs() throws Exception {
        Node copy = parse("COPY <<-\"END\" /f\n\thello $x\n\tEND\n").nodes().getFirst();
        assertEquals(new Heredoc("END", "hello $x\n", false, true), copy.heredocs().getFirst());
    }

    @Test
    void heredoc_severalInOneInstruction_areReadInOrder() throws Exception {
        Node copy = parse("COPY <<A <<B /dest/\na\nA\nb\nB\n").nodes().getFirst();
        assertEquals(List.of("a\n", "b\n"), copy.heredocs().stream().map(Heredoc::content).toList());
    }

    @Test
    void heredoc_unterminated_isAnError() {
        DockerfileException e = assertThrows(DockerfileException.class, () -> parse("RUN <<EOF\necho"));
        assertTrue(e.getMessage().contains("EOF"), e.getMessage());
    }

    @Test
    void heredoc_inExecForm_isNotOne() throws Exception {
        assertTrue(parse("RUN [\"cat\", \"<<EOF\"]").nodes().getFirst().heredocs().isEmpty());
    }

    @Test
    void quote_escapesAsGoDoes() {
        assertEquals("\"a\\\"b\\\\c\\n\\x01é\"", AstDump.quote("a\"b\\c\n\u0001é"));
    }
    @Test
    void escapedEscapeAtTheEndOfALine_isNoContinuation() throws Exception {
        Dockerfile dockerfile = parse("FROM x\nRUN echo a\\\\\nRUN echo b \\\n  c");
        assertEquals(List.of("RUN echo a\\\\", "RUN echo b   c"),
                dockerfile.nodes().stream().skip(1).map(Node::original).toList());
    }

    @Test
    void fileWithNoInstructions_isAnError() {
        for (String text : List.of("", "\n\n", "# just a comment\n  # and another\n")) {
            DockerfileException e = assertThrows(DockerfileException.class, () -> parse(text));
            assertTrue(e.getMessage().contains("file with no instructions"), e.getMessage());
        }
    }
}
