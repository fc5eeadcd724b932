package dev.berth.trust.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import org.junit.jupiter.api.Test;

/** cosign's own encrypted key files open with their password, and what Berth writes opens the same way. */
class CosignPrivateKeysTest {

    private static String vector(String name) throws Exception {
        try (InputStream in = CosignPrivateKeysTest.class.getResourceAsStream("/vectors/cosign-keys/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void cosignsKeyFiles_openWithTheirPassword_underBothLabels() throws Exception {
        assertEquals("EC", CosignPrivateKeys.read("sigstore.key", vector("keys_test-sigstore.key"),
                "hello".toCharArray()).getAlgorithm());
        // Named "rsa" in cosign's tests, but an ECDSA P-256 key inside (SOURCES.md)
        assertEquals("EC", CosignPrivateKeys.read("rsa.key", vector("keys_test-cosign-rsa.key"),
                "hello".toCharArray()).getAlgorithm());
    }

    @Test
    void aWrongPassword_orAKeyCosignRefuses_isRefusedSayingSo() throws Exception {
        assertEquals("cosign-test.key: wrong password (or a damaged file)", assertThrows(
                IllegalArgumentException.class, () -> CosignPrivateKeys.read("cosign-test.key",
                        vector("cosign-test.key"), new char[0])).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CosignPrivateKeys.read("sec1.key",
                vector("keys_test-cosign-ec-sec1.key"), "hello".toCharArray())).getMessage()
                .contains("not a PKCS#8 private key"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CosignPrivateKeys.read("x", "not a key",
                new char[0])).getMessage().startsWith("x is not a cosign private key"));
    }

    @Test
    void aKeyBerthWrites_opensAgain_toTheSameKey() throws Exception {
        PrivateKey key = CosignPrivateKeys.read("sigstore.key", vector("keys_test-sigstore.key"),
                "hello".toCharArray());
        String written = CosignPrivateKeys.write(key, "another password".toCharArray());
        assertTrue(written.startsWith("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n"), written);
        assertArrayEquals(key.getEncoded(), CosignPrivateKeys.read("written", written,
                "another password".toCharArray()).getEncoded());
    }
}
