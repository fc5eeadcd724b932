package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The build command line: what it refuses before any build starts, each with one line naming the problem. */
class BuildCommandTest {

    @TempDir
    Path work;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void invalidTags_areRefusedBeforeBuilding_withTheReason() throws Exception {
        for (String tag : List.of("Team/App:1", "team/app:bad tag", "team//app", "team/app@sha256:xyz")) {
            err.reset();
            assertEquals(2, build("-t", "ok/fine:1", "-t", tag), tag);
            String message = err.toString(StandardCharsets.UTF_8);
            assertTrue(message.startsWith("berth build: -t " + tag + ": "), message);
            assertEquals(1, message.lines().count(), message);
        }
    }

    @Test
    void unknownEntitlement_isRefusedNamingTheKnownOne() throws Exception {
        assertEquals(2, build("--allow", "network.everything"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--allow network.everything is no entitlement "
                + "Berth knows; it knows security.insecure"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void unknownOption_printsTheOneErrorAndWhereTheHelpIs() throws Exception {
        assertEquals(2, build("--no-such-option"));
        assertEquals(List.of("berth build: Unknown option: '--no-such-option'", "See 'berth build --help'."),
                err.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void memory_takesSizeSuffixes_andRefusesWhatIsNoSize() throws Exception {
        assertEquals(536_870_912L, OptionValues.size("--memory", "512m"));
        assertEquals(2_147_483_648L, OptionValues.size("--memory", "2G"));
        assertEquals(1_000L, OptionValues.size("--memory", "1000"));
        assertEquals(2, build("--memory", "lots"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--memory lots is no size"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void secretFromAMissingVariable_isRefusedNamingIt() throws Exception {
        assertEquals(2, build("--secret", "id=token,env=NO_SUCH_VARIABLE"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--secret token: the environment has no "
                + "NO_SUCH_VARIABLE"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void sshDefault_withoutAnAgent_isRefusedSayingHowToStartOne() throws Exception {
        assertEquals(2, build("--ssh", "default"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--ssh default forwards your SSH agent, but "
                + "SSH_AUTH_SOCK is not set"), err.toString(StandardCharsets.UTF_8));
    }

    private int build(String... options) throws Exception {
        Path context = Files.createDirectories(work.resolve("context"));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\n");
        List<String> args = new ArrayList<>(List.of(options));
        args.add(context.toString());
        BuildCommand command = new BuildCommand(new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), directory -> {
                    throw new AssertionError("no build may start");
                }, new Caller(work, java.util.Map.of(), false));
        CommandLine commandLine = BuildCommand.commandLine(command);
        commandLine.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
        return commandLine.execute(args.toArray(String[]::new));
    }
}
