package dev.berth.registry.auth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signing keys kept across restarts, readable by their owner only, and rotated with the previous key kept. */
class SigningKeysTest {

    private static final Instant DAY_ONE = Instant.parse("2026-11-01T00:00:00Z");
    private static final Duration ROTATION = Duration.ofDays(30);

    @TempDir
    Path dir;

    @Test
    void aKey_survivesARestart_inAFileOnlyItsOwnerReads() throws IOException {
        SigningKey made = SigningKeys.open(dir, at(DAY_ONE), ROTATION).current();

        SigningKeys reopened = SigningKeys.open(dir, at(DAY_ONE.plusSeconds(60)), ROTATION);
        assertEquals(made.kid(), reopened.current().kid());
        assertEquals(Optional.of(made.keys().getPublic()), reopened.publicKey(made.kid()));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            }
        }
    }

    @Test
    void anOldKey_isReplaced_andStillChecksItsTokensUntilTheNextRotation() throws IOException {
        SigningKey first = SigningKeys.open(dir, at(DAY_ONE), ROTATION).current();

        SigningKeys month = SigningKeys.open(dir, at(DAY_ONE.plus(ROTATION)), ROTATION);
        SigningKey second = month.current();
        assertNotEquals(first.kid(), second.kid());
        assertTrue(month.publicKey(first.kid()).isPresent());

        SigningKeys twoMonths = SigningKeys.open(dir, at(DAY_ONE.plus(ROTATION.multipliedBy(2))), ROTATION);
        SigningKey third = twoMonths.current();
        assertTrue(twoMonths.publicKey(second.kid()).isPresent());
        assertEquals(Optional.empty(), twoMonths.publicKey(first.kid()));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.count());
        }
        assertNotEquals(second.kid(), third.kid());
    }

    @Test
    void aDamagedKeyFile_isRefusedNamingItAndWhatToDo() throws IOException {
        Path damaged = Files.writeString(dir.resolve("abc.key.json"), "{\"created\":\"yesterday\"}");
        IOException refused = assertThrows(IOException.class, () -> SigningKeys.open(dir, at(DAY_ONE), ROTATION));
        assertTrue(refused.getMessage().contains(damaged.toString()) && refused.getMessage().contains("remove it"),
                refused.getMessage());
    }

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }


    @Test
    void aConfiguredKey_signsForEveryNodeGivenIt_withTheSameIdAndPublicHalf() throws Exception {
        SigningKey generated = SigningKey.generate(DAY_ONE);
        SigningKeys nodeA = SigningKeys.configured(SigningKey.configured(generated.keys().getPrivate()));
        SigningKeys nodeB = SigningKeys.configured(SigningKey.configured(generated.keys().getPrivate()));
        assertEquals(generated.kid(), nodeA.current().kid(), "the public half is computed from the private key");
        assertEquals(Optional.of(generated.keys().getPublic()), nodeB.publicKey(nodeA.current().kid()));
        assertEquals(nodeA.current(), nodeA.current(), "a configured key is never replaced");
    }

    @Test
    void aConfiguredKeyThatIsNotP256_isRefused_sayingWhichToMake() throws Exception {
        var rsa = java.security.KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SigningKey.configured(rsa));
        assertTrue(e.getMessage().contains("EC P-256"), e.getMessage());
    }
}
