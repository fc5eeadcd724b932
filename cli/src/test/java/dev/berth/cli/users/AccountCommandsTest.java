package dev.berth.cli.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.registry.auth.Htpasswd;
import dev.berth.registry.auth.Principal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** berth user and berth robot change the users file as Apache's htpasswd would, and Apache's htpasswd agrees. */
class AccountCommandsTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int user(String password, String... args) {
        UserCommand command = new UserCommand(new ByteArrayInputStream((password + "\n").getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of());
        return new CommandLine(command).execute(args);
    }

    private int robot(Clock clock, String... args) {
        RobotCommand command = new RobotCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), clock);
        return new CommandLine(command).execute(args);
    }

    private Htpasswd users() throws Exception {
        return Htpasswd.parse("test", Files.readString(dir.resolve("htpasswd")));
    }

    @Test
    void anAddedUser_logsInWithTheirPassword_inAFileOnlyTheOwnerReads_andApachesHtpasswdVerifiesIt() throws Exception {
        String file = dir.resolve("htpasswd").toString();
        assertEquals(0, user("a long secret", "add", "--htpasswd", file, "--password-stdin", "alice"), err.toString());
        assertTrue(users().verify("alice", "a long secret"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(file))));
        Process apache = new ProcessBuilder("htpasswd", "-vb", file, "alice", "a long secret")
                .redirectErrorStream(true).start();
        assertTrue(apache.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, apache.exitValue(), new String(apache.getInputStream().readAllBytes()));
    }

    @Test
    void passwd_changesThePassword_rm_removesTheUser_andOtherLinesStayAsTheyWere() throws Exception {
        String file = dir.resolve("htpasswd").toString();
        Files.writeString(Path.of(file), "# kept by hand\n");
        user("first password", "add", "--htpasswd", file, "--password-stdin", "alice");
        user("bob's password", "add", "--htpasswd", file, "--password-stdin", "bob");
        assertEquals(0, user("second password", "passwd", "--htpasswd", file, "--password-stdin", "alice"));
        assertTrue(users().verify("alice", "second password"));
        assertFalse(users().verify("alice", "first password"));
        assertEquals(0, user("", "rm", "--htpasswd", file, "bob"));
        assertEquals(java.util.Set.of("alice"), users().names());
        assertTrue(Files.readString(Path.of(file)).startsWith("# kept by hand\n"));
        out.reset();
        assertEquals(0, user("", "list", "--htpasswd", file));
        assertEquals("alice\n", out.toString());
    }

    @Test
    void mistakes_areOneLineSayingWhatToDo_andChangeNothing() throws Exception {
        String file = dir.resolve("htpasswd").toString();
        user("a long secret", "add", "--htpasswd", file, "--password-stdin", "alice");
        String before = Files.readString(Path.of(file));
        assertEquals(1, user("another secret", "add", "--htpasswd", file, "--password-stdin", "alice"));
        assertEquals(1, user("short", "add", "--htpasswd", file, "--password-stdin", "bob"));
        assertEquals(1, user("a long secret", "add", "--htpasswd", file, "--password-stdin", "bad:name"));
        assertEquals(1, user("a long secret", "passwd", "--htpasswd", file, "--password-stdin", "carol"));
        assertEquals(1, user("", "rm", "--htpasswd", file, "carol"));
        assertEquals(1, user("a long secret", "add", "--password-stdin", "dave"));
        assertEquals(before, Files.readString(Path.of(file)));
        assertEquals("""
                berth user add: user alice exists already; change the password with berth user passwd alice
                berth user add: the password is shorter than 8 characters; nothing changed
                berth user add: 'bad:name' is not a user name: use letters, digits and . _ @ + - (up to 64, starting \
                with a letter or digit)
                berth user passwd: there is no user carol in %s; add one with berth user add carol
                berth user rm: there is no user carol in %s
                berth user add: say which users file to change: --htpasswd FILE, or --config FILE of berth serve
                """.formatted(file, file), err.toString().lines().filter(line -> !line.startsWith("added"))
                .map(line -> line + "\n").reduce("", String::concat));
    }

    @Test
    void aRobot_getsASecretShownOnce_logsInAsARobot_andStopsAtItsExpiry() throws Exception {
        String file = dir.resolve("htpasswd").toString();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        assertEquals(0, robot(clock, "add", "--htpasswd", file, "--expires", "30d", "ci"), err.toString());
        String secret = out.toString().strip();
        assertTrue(secret.length() >= 43, secret);
        Htpasswd users = users();
        assertTrue(users.verify("robot$ci", secret));
        assertEquals(Optional.of(new Principal.Robot("ci")), users.account("robot$ci", NOW.plus(Duration.ofDays(29))));
        assertEquals(Optional.empty(), users.account("robot$ci", NOW.plus(Duration.ofDays(30))));

        out.reset();
        robot(clock, "add", "--htpasswd", file, "deployer");
        robot(Clock.fixed(NOW.plus(Duration.ofDays(31)), ZoneOffset.UTC), "list", "--htpasswd", file);
        assertTrue(out.toString().endsWith("robot$ci\texpired 2026-12-29T12:00:00Z\nrobot$deployer\tnever expires\n"),
                out.toString());
        assertEquals(0, robot(clock, "rm", "--htpasswd", file, "ci"));
        assertFalse(users().names().contains("robot$ci"));
        assertFalse(Files.readString(Path.of(file)).contains("robot$ci"));
    }
}
