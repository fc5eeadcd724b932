package dev.berth.cache.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cache.memory.CacheSettings;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Server-side encryption is asked of S3 on every kind of write Berth makes; a store that refuses it (S3Proxy answers
 * 501 to the header) is refused at start, saying which setting to change.
 */
class S3EncryptionTest {

    private static final S3Settings SSE_S3 = settings(new S3Settings.Encryption.S3Managed());
    private static final S3Settings SSE_KMS = settings(new S3Settings.Encryption.Kms(Optional.of("alias/registry")));

    private static S3Settings settings(S3Settings.Encryption encryption) {
        return new S3Settings("images", "", "us-east-1", Optional.empty(), false, Optional.of(encryption));
    }

    @Test
    void puts_multipartUploads_andCopies_askForTheEncryption() {
        assertEquals(ServerSideEncryption.AES256, SSE_S3.put("k").serverSideEncryption());
        assertEquals(ServerSideEncryption.AES256, SSE_S3.createMultipart("k").serverSideEncryption());
        assertEquals(ServerSideEncryption.AES256, SSE_S3.copy("a", "b").serverSideEncryption());
        assertNull(SSE_S3.put("k").ssekmsKeyId());
        assertEquals(ServerSideEncryption.AWS_KMS, SSE_KMS.put("k").serverSideEncryption());
        assertEquals("alias/registry", SSE_KMS.createMultipart("k").ssekmsKeyId());
        assertEquals("alias/registry", SSE_KMS.copy("a", "b").ssekmsKeyId());
        S3Settings none = new S3Settings("images", "", "us-east-1", Optional.empty(), false);
        assertNull(none.put("k").serverSideEncryption(), "without it, the bucket's default applies");
    }

    @Test
    void aStoreThatRefusesTheEncryption_isRefusedAtStart_namingTheSetting() throws Exception {
        try (S3ProxyServer server = S3ProxyServer.start()) {
            S3Settings plain = server.bucket("encrypted");
            S3Settings encrypted = new S3Settings(plain.bucket(), plain.prefix(), plain.region(), plain.endpoint(),
                    plain.pathStyle(), Optional.of(new S3Settings.Encryption.S3Managed()));
            IOException refused = assertThrows(IOException.class, () -> S3Storage.open(server.client(encrypted),
                    encrypted, Clock.systemUTC(), CacheSettings.shared()));
            assertTrue(refused.getMessage().contains("refuses the server-side encryption asked for (storage.s3.sse"),
                    refused.getMessage());
            S3Storage.open(server.client(plain), plain, Clock.systemUTC(), CacheSettings.shared());
        }
    }
}
