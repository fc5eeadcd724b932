package dev.berth.cli.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.trust.keys.CosignPrivateKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** berth keygen writes cosign's key files: the private key opens with its password, openssl reads the public key. */
class KeygenCommandTest {

    @TempDir
    Path dir;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int keygen(Map<String, String> environment, String prefix) {
        return new CommandLine(new KeygenCommand(new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), environment))
                .execute("--output-key-prefix", prefix);
    }

    @Test
    void aKeyPair_opensWithItsPassword_isReadableByItsOwnerOnly_andOpensslReadsThePublicKey() throws Exception {
        String prefix = dir.resolve("release").toString();
        assertEquals(0, keygen(Map.of("COSIGN_PASSWORD", "s3cret"), prefix), err.toString());
        Path key = Path.of(prefix + ".key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertEquals("EC", CosignPrivateKeys.read(key.toString(), Files.readString(key), "s3cret".toCharArray())
                .getAlgorithm());
        Process openssl = new ProcessBuilder("openssl", "pkey", "-pubin", "-in", prefix + ".pub", "-noout", "-text")
                .redirectErrorStream(true).start();
        String text = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(openssl.waitFor(30, TimeUnit.SECONDS));
        assertTrue(text.contains("NIST CURVE: P-256"), text);
    }

    @Test
    void existingFiles_areNotOverwritten_andNoPasswordWithoutATerminal_isOneLine() throws Exception {
        String prefix = dir.resolve("cosign").toString();
        Files.writeString(Path.of(prefix + ".key"), "keep me");
        assertEquals(1, keygen(Map.of("COSIGN_PASSWORD", ""), prefix));
        assertEquals("keep me", Files.readString(Path.of(prefix + ".key")));
        assertEquals(1, keygen(Map.of(), dir.resolve("other").toString()));
        assertEquals("berth keygen: " + prefix + ".key exists already; remove it or choose another "
                + "--output-key-prefix\nberth keygen: set COSIGN_PASSWORD (empty for none), or run in a terminal to "
                + "be asked for the key's password\n", err.toString());
    }
}
