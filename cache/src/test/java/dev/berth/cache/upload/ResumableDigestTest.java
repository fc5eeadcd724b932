package dev.berth.cache.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.digest.DigestAlgorithm;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResumableDigestTest {

    private static final byte[] FIRST = "the first part, ".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SECOND = "and the second".getBytes(StandardCharsets.UTF_8);

    @Test
    void restoredState_continuesToTheDigestOfTheWhole() {
        for (DigestAlgorithm algorithm : DigestAlgorithm.values()) {
            ResumableDigest hash = ResumableDigest.start(algorithm);
            hash.update(FIRST, 0, FIRST.length);
            ResumableDigest restored = ResumableDigest.restore(algorithm, hash.state());
            restored.update(SECOND, 0, SECOND.length);
            byte[] whole = new byte[FIRST.length + SECOND.length];
            System.arraycopy(FIRST, 0, whole, 0, FIRST.length);
            System.arraycopy(SECOND, 0, whole, FIRST.length, SECOND.length);
            assertEquals(Digest.of(algorithm, whole), restored.digest());
        }
    }

    @Test
    void digest_canBeTakenMidwayWithoutDisturbingTheHash() {
        ResumableDigest hash = ResumableDigest.start(DigestAlgorithm.SHA256);
        hash.update(FIRST, 0, FIRST.length);
        assertEquals(Digest.sha256(FIRST), hash.digest());
        hash.update(SECOND, 0, SECOND.length);
        assertEquals(Digest.sha256((new String(FIRST) + new String(SECOND)).getBytes(StandardCharsets.UTF_8)),
                hash.digest());
    }

    @Test
    void corruptState_isRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> ResumableDigest.restore(DigestAlgorithm.SHA256, new byte[] {1, 2, 3}));
    }
}
