package dev.berth.registry.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cache.disk.DiskStorage;
import dev.berth.cache.settings.SettingsStore;
import dev.berth.registry.auth.federation.Federation;
import dev.berth.registry.auth.token.SigningKeys;
import dev.berth.registry.watch.WatchedFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Web UI sessions: accepted by every node sharing the keys and storage, ended by logouts and password changes. */
class SessionsTest {

    @TempDir
    Path dir;
    private UsersFile users;
    private SettingsStore settings;

    @BeforeEach
    void setUp() throws Exception {
        users = new UsersFile(dir.resolve("htpasswd"));
        users.put("alice", Htpasswd.hash("first-password"), Optional.empty());
        settings = DiskStorage.open(dir.resolve("data"), Clock.systemUTC()).settings();
    }

    /** A node: its own authenticator, over the shared users file, keys and settings. */
    private Sessions node() throws Exception {
        Clock clock = Clock.systemUTC();
        Authorizer rules = Authorizer.everyUserEverything();
        Access access = new Access(new BasicAuthenticator(WatchedFile.open(users.path(), Htpasswd::parse),
                Federation.none(), clock), () -> rules, "Berth",
                Optional.of(Tokens.of(SigningKeys.open(dir.resolve("keys"), clock, Duration.ofDays(30)), () -> rules,
                        clock)), new LoginThrottle(100, 100, clock));
        return new Sessions(access, access.tokens().orElseThrow(), new SessionLogouts(settings, clock));
    }

    private Sessions.Session login(Sessions node, String password) throws Exception {
        return assertInstanceOf(Sessions.Login.Started.class, node.withPassword("alice", password, "127.0.0.1"))
                .session();
    }

    @Test
    void aSessionStartedOnOneNode_isAcceptedByAnother() throws Exception {
        Sessions.Session session = login(node(), "first-password");
        Sessions.Session seen = node().verify(session.token()).orElseThrow();
        assertEquals("user:alice", seen.principal().identity());
        assertEquals(session.formToken(), seen.formToken(), "the form token is the same on every node");
    }

    @Test
    void aLogout_endsTheSessionsStartedBefore_onEveryNodeThatReadsItAfterwards() throws Exception {
        Sessions first = node();
        Sessions.Session session = login(first, "first-password");
        Thread.sleep(1100);   // a logout ends sessions of earlier seconds
        first.logout(session, "127.0.0.1");
        assertTrue(first.verify(session.token()).isEmpty());
        assertTrue(node().verify(session.token()).isEmpty());
        assertTrue(first.verify(login(first, "first-password").token()).isPresent(), "a new login works");
    }

    @Test
    void aPasswordChange_endsTheSession() throws Exception {
        Sessions node = node();
        Sessions.Session session = login(node, "first-password");
        users.put("alice", Htpasswd.hash("second-password"), Optional.empty());
        Thread.sleep(WatchedFile.CHECK_INTERVAL.toMillis() + 200);
        assertTrue(node.verify(session.token()).isEmpty());
    }

    @Test
    void aWrongPassword_andATamperedToken_startNothing() throws Exception {
        Sessions node = node();
        assertInstanceOf(Sessions.Login.Refused.class, node.withPassword("alice", "wrong", "127.0.0.1"));
        String token = login(node, "first-password").token();
        assertTrue(node.verify(token.substring(0, token.length() - 4) + "AAAA").isEmpty());
        assertTrue(node.verify("not a token").isEmpty());
    }
}
