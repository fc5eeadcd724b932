package dev.berth.registry.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.registry.watch.InvalidFileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Files written by Apache's htpasswd (see resources/htpasswd/SOURCES.md), read as Distribution users bring them. */
class HtpasswdTest {

    @Test
    void bcryptPasswordsFromApachesHtpasswd_verify() throws Exception {
        Htpasswd users = Htpasswd.parse("apache-bcrypt", resource("apache-bcrypt"));

        assertEquals(Set.of("alice", "bob", "long", "jörg"), users.names());
        assertTrue(users.verify("alice", "correct horse"));
        assertTrue(users.verify("bob", "s3cret:with:colons"));
        assertTrue(users.verify("jörg", "pässwörd"));
    }

    @Test
    void wrongPasswordsAndUnknownUsers_doNotVerify() throws Exception {
        Htpasswd users = Htpasswd.parse("apache-bcrypt", resource("apache-bcrypt"));

        assertFalse(users.verify("alice", "correct horse "));
        assertFalse(users.verify("alice", ""));
        assertFalse(users.verify("bob", "s3cret"));
        assertFalse(users.verify("mallory", "correct horse"));
        assertFalse(users.verify("jörg", "passwort"));
    }

    @Test
    void passwordsLongerThanBcryptTakes_areCheckedOnTheirFirst72Bytes_asApacheDoes() throws Exception {
        Htpasswd users = Htpasswd.parse("apache-bcrypt", resource("apache-bcrypt"));

        assertTrue(users.verify("long", "p".repeat(100)));
        assertTrue(users.verify("long", "p".repeat(72) + "anything"));
        assertFalse(users.verify("long", "p".repeat(71)));
    }

    @Test
    void anMd5Hash_isRefusedNamingTheLineAndWhatToDo() throws Exception {
        InvalidFileException refused = assertThrows(InvalidFileException.class,
                () -> Htpasswd.parse("users.htpasswd", resource("apache-md5")));

        assertEquals("users.htpasswd:1: the password of carol is an MD5 hash (htpasswd -m), not bcrypt; set it again "
                + "with htpasswd -B (or berth user passwd)", refused.getMessage());
    }

    @Test
    void linesThatAreNoUser_areRefusedNamingTheLine() {
        String alice = "alice:$2y$05$Ez4TkfgVeHDnDMo3fbbz4.V9V0waVuG0MbmXjQgmYefYbwVEIzOdu";
        assertTrue(assertThrows(InvalidFileException.class,
                () -> Htpasswd.parse("f", "# users\n" + alice + "\n\njust-a-name\n")).getMessage()
                .startsWith("f:4: expected name:hash"));
        assertTrue(assertThrows(InvalidFileException.class,
                () -> Htpasswd.parse("f", alice + "\n" + alice + "\n")).getMessage()
                .startsWith("f:2: alice appears twice"));
        assertTrue(assertThrows(InvalidFileException.class,
                () -> Htpasswd.parse("f", "bob:plain-text\n")).getMessage()
                .startsWith("f:1: the password of bob is not a hash Berth knows"));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = HtpasswdTest.class.getResourceAsStream("/htpasswd/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
