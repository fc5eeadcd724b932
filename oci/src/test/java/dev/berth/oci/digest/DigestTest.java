package dev.berth.oci.digest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigestTest {

    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void sha256_ofNothing_isTheWellKnownValue() {
        assertEquals("sha256:" + EMPTY_SHA256, Digest.sha256(new byte[0]).toString());
    }

    @Test
    void parse_ofItsOwnText_givesTheSameDigest() {
        Digest digest = Digest.sha256("hello".getBytes(StandardCharsets.UTF_8));
        assertEquals(digest, Digest.parse(digest.toString()));
    }

    @Test
    void parse_acceptsSha512() {
        Digest digest = Digest.of(DigestAlgorithm.SHA512, new byte[0]);
        assertEquals(DigestAlgorithm.SHA512, Digest.parse(digest.toString()).algorithm());
    }

    @Test
    void parse_withPathTraversal_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> Digest.parse("sha256:../../etc/passwd"));
    }

    @Test
    void parse_withUpperCaseHex_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> Digest.parse("sha256:" + EMPTY_SHA256.toUpperCase()));
    }

    @Test
    void parse_withWrongLength_namesTheExpectedLength() {
        var e = assertThrows(IllegalArgumentException.class, () -> Digest.parse("sha256:abc"));
        assertTrue(e.getMessage().contains("64"), e.getMessage());
    }

    @Test
    void parse_withUnknownAlgorithm_saysWhichAreSupported() {
        var e = assertThrows(IllegalArgumentException.class, () -> Digest.parse("md5:abc"));
        assertTrue(e.getMessage().contains("sha256"), e.getMessage());
    }

    @Test
    void isDigest_ofATag_isFalse() {
        assertFalse(Digest.isDigest("latest"));
    }

    @Test
    void digestingStream_hashesWhatPassesThrough() throws IOException {
        byte[] content = "streamed content".getBytes(StandardCharsets.UTF_8);
        try (var in = new DigestingInputStream(new ByteArrayInputStream(content), DigestAlgorithm.SHA256)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            assertEquals(Digest.sha256(content), in.digest());
            assertEquals(content.length, in.count());
        }
    }
}
