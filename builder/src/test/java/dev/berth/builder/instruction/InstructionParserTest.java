package dev.berth.builder.instruction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.builder.dockerfile.DockerfileParser;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstructionParserTest {

    private Instruction parse(String line) throws Exception {
        var dockerfile = new DockerfileParser().parse("Dockerfile", line);
        return new InstructionParser().parse("Dockerfile", dockerfile.nodes().getFirst());
    }

    @Test
    void from_withStageNameAndPlatform() throws Exception {
        var from = assertInstanceOf(Instruction.From.class, parse("FROM --platform=linux/arm64 golang:1.22 AS build"));
        assertEquals("golang:1.22", from.image());
        assertEquals("build", from.stageName());
        assertEquals("linux/arm64", from.platform());
    }

    @Test
    void from_withTwoWords_isRejected() {
        var e = assertThrows(InstructionException.class, () -> parse("FROM a b"));
        assertTrue(e.getMessage().startsWith("Dockerfile:1: FROM takes"), e.getMessage());
    }

    @Test
    void run_keepsMountsAndNetwork() throws Exception {
        var run = assertInstanceOf(Instruction.Run.class,
                parse("RUN --mount=type=cache,target=/c --mount=type=tmpfs,target=/t --network=none make"));
        assertEquals(List.of("type=cache,target=/c", "type=tmpfs,target=/t"), run.mounts());
        assertEquals("none", run.network());
        assertEquals(new CommandLine.ShellForm("make"), run.command());
    }

    @Test
    void run_withAnUnknownNetwork_isRejected() {
        var e = assertThrows(InstructionException.class, () -> parse("RUN --network=bridge make"));
        assertTrue(e.getMessage().contains("RUN --network is default, none or host, not 'bridge'"), e.getMessage());
    }

    @Test
    void cmd_execForm_isAnArgumentVector() throws Exception {
        var cmd = assertInstanceOf(Instruction.Cmd.class, parse("CMD [\"/bin/sh\", \"-c\", \"x\"]"));
        assertEquals(List.of("/bin/sh", "-c", "x"), cmd.command().argv(List.of("ignored")));
    }

    @Test
    void shellForm_isWrappedInTheShell() {
        assertEquals(List.of("/bin/sh", "-c", "echo hi"),
                new CommandLine.ShellForm("echo hi").argv(List.of("/bin/sh", "-c")));
    }

    @Test
    void copy_readsFlagsSourcesAndDestination() throws Exception {
        var copy = assertInstanceOf(Instruction.Copy.class,
                parse("COPY --from=build --chown=1:2 --chmod=644 --link --exclude=*.md --exclude=x a b /dst/"));
        assertFalse(copy.add());
        assertEquals(List.of("a", "b"), copy.sources());
        assertEquals("/dst/", copy.destination());
        assertEquals("build", copy.options().from());
        assertEquals("1:2", copy.options().chown());
        assertEquals("644", copy.options().chmod());
        assertTrue(copy.options().link());
        assertEquals(List.of("*.md", "x"), copy.options().excludes());
    }

    @Test
    void copy_withOneArgument_isRejected() {
        var e = assertThrows(InstructionException.class, () -> parse("COPY onlyone"));
        assertTrue(e.getMessage().contains("destination"), e.getMessage());
    }

    @Test
    void copy_heredoc_needsOnlyTheDestination() throws Exception {
        var copy = assertInstanceOf(Instruction.Copy.class, parse("COPY <<EOF /etc/x\nhello\nEOF"));
        assertEquals("hello\n", copy.heredocs().getFirst().content());
    }

    @Test
    void add_takesChecksumButNotFrom() throws Exception {
        var add = assertInstanceOf(Instruction.Copy.class, parse("ADD --checksum=sha256:abc http://x/y /y"));
        assertTrue(add.add());
        assertEquals("sha256:abc", add.options().checksum());
        var e = assertThrows(InstructionException.class, () -> parse("ADD --from=x a b"));
        assertTrue(e.getMessage().contains("unknown flag --from"), e.getMessage());
    }

    @Test
    void flagWithoutValue_isRejected() {
        var e = assertThrows(InstructionException.class, () -> parse("COPY --chown a b"));
        assertTrue(e.getMessage().contains("--chown=VALUE"), e.getMessage());
    }

    @Test
    void env_andLabel_givePairs() throws Exception {
        var env = assertInstanceOf(Instruction.Env.class, parse("ENV a=1 b=\"2 3\""));
        assertEquals(List.of(new KeyValue("a", "1"), new KeyValue("b", "\"2 3\"")), env.variables());
        var legacy = assertInstanceOf(Instruction.Env.class, parse("ENV a 1 2"));
        assertEquals(List.of(new KeyValue("a", "1 2")), legacy.variables());
    }

    @Test
    void arg_withAndWithoutDefault() throws Exception {
        var arg = assertInstanceOf(Instruction.Arg.class, parse("ARG a b=2"));
        assertEquals(List.of(new KeyValue("a", null), new KeyValue("b", "2")), arg.arguments());
    }

    @Test
    void healthcheck_readsTimings() throws Exception {
        var check = assertInstanceOf(Instruction.Healthcheck.class,
                parse("HEALTHCHECK --interval=1m30s --timeout=500ms --retries=3 CMD curl -f http://localhost/"));
        assertEquals(Duration.ofSeconds(90), check.interval());
        assertEquals(Duration.ofMillis(500), check.timeout());
        assertEquals(3, check.retries());
        assertEquals(new CommandLine.ShellForm("curl -f http://localhost/"), check.command());
    }

    @Test
    void healthcheck_none_hasNoCommand() throws Exception {
        assertNull(assertInstanceOf(Instruction.Healthcheck.class, parse("HEALTHCHECK NONE")).command());
    }

    @Test
    void healthcheck_badDuration_isRejected() {
        var e = assertThrows(InstructionException.class, () -> parse("HEALTHCHECK --interval=soon CMD x"));
        assertTrue(e.getMessage().contains("soon"), e.getMessage());
    }

    @Test
    void onbuild_keepsTheTriggerAsWritten() throws Exception {
        var onbuild = assertInstanceOf(Instruction.Onbuild.class, parse("ONBUILD RUN  make  all"));
        assertEquals("RUN  make  all", onbuild.trigger());
    }

    @Test
    void instructionsWithoutFlags_refuseThem() {
        assertThrows(InstructionException.class, () -> parse("WORKDIR --x=1 /a"));
    }
}
