package dev.berth.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cache.memory.CacheSettings;
import dev.berth.cache.s3.S3Settings;
import dev.berth.cli.serve.ServeConfig.Flags;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageConfigTest {

    @TempDir
    Path dir;

    private ServeConfig resolve(String yaml, Map<String, String> env) throws Exception {
        return ServeConfig.resolve(Files.writeString(dir.resolve("berth.yaml"), yaml), env, Flags.NONE);
    }

    @Test
    void withoutAStorageSection_theRegistryIsOnLocalDisk_andNothingExpires() throws Exception {
        StorageConfig storage = ServeConfig.resolve(null, Map.of(), Flags.NONE).storage();
        assertTrue(storage.s3().isEmpty());
        assertEquals(Optional.empty(), storage.caches().tagTtl());
        assertEquals(CacheSettings.DEFAULT_MANIFEST_BYTES, storage.caches().manifestBytes());
    }

    @Test
    void anS3Section_givesTheBucketItsEndpointAndEncryption_andTagsATtl() throws Exception {
        StorageConfig storage = resolve("""
                storage:
                  s3:
                    bucket: images
                    prefix: berth
                    region: eu-west-1
                    endpoint: http://127.0.0.1:9000
                    sse: kms
                    kms-key-id: alias/registry
                    redirect: true
                cache:
                  manifest-bytes: 128MiB
                  tag-ttl: 10s
                """, Map.of()).storage();
        S3Settings s3 = storage.s3().orElseThrow().settings();
        assertEquals("images", s3.bucket());
        assertEquals("berth/", s3.prefix());
        assertEquals("eu-west-1", s3.region());
        assertEquals(Optional.of(URI.create("http://127.0.0.1:9000")), s3.endpoint());
        assertTrue(s3.pathStyle(), "an S3-compatible endpoint is addressed path-style unless told otherwise");
        assertEquals(Optional.of(new S3Settings.Encryption.Kms(Optional.of("alias/registry"))), s3.encryption());
        assertTrue(storage.s3().get().redirect());
        assertEquals(128L * 1024 * 1024, storage.caches().manifestBytes());
        assertEquals(Optional.of(Duration.ofSeconds(10)), storage.caches().tagTtl());
    }

    @Test
    void berthS3Variables_overrideTheFile_keyByKey() throws Exception {
        StorageConfig storage = resolve("storage:\n  s3:\n    bucket: from-file\n    region: us-west-2\n",
                Map.of("BERTH_S3_BUCKET", "from-env", "BERTH_S3_PATH_STYLE", "false")).storage();
        S3Settings s3 = storage.s3().orElseThrow().settings();
        assertEquals("from-env", s3.bucket());
        assertEquals("us-west-2", s3.region());
        assertFalse(s3.pathStyle());
        assertEquals(Optional.of(CacheSettings.DEFAULT_TAG_TTL), storage.caches().tagTtl(),
                "other nodes may write the bucket, so tags are trusted for a while only");
    }

    @Test
    void theBucketAlone_fromTheEnvironment_isEnough() throws Exception {
        StorageConfig storage = ServeConfig.resolve(null, Map.of("BERTH_S3_BUCKET", "images"), Flags.NONE)
                .storage();
        assertEquals("us-east-1", storage.s3().orElseThrow().settings().region());
        assertEquals(Optional.empty(), storage.s3().get().settings().endpoint());
    }

    @Test
    void mistakes_areRefused_sayingWhatToWrite() {
        assertEquals("'sometimes' is neither true nor false (storage.s3.path-style or BERTH_S3_PATH_STYLE)",
                assertThrows(ConfigException.class, () -> resolve("storage: {s3: {bucket: b}}",
                        Map.of("BERTH_S3_PATH_STYLE", "sometimes"))).getMessage());
        assertTrue(assertThrows(ConfigException.class, () -> resolve("storage: {s3: {bucket: b, sse: rot13}}",
                Map.of())).getMessage().contains("neither s3 (SSE-S3) nor kms (SSE-KMS)"));
        assertTrue(assertThrows(ConfigException.class, () -> resolve("storage: {s3: {region: x}}", Map.of()))
                .getMessage().endsWith("storage.s3 needs a bucket (or BERTH_S3_BUCKET)"));
        assertTrue(assertThrows(ConfigException.class, () -> resolve("storage: {s3: {bucket: b, access-key: k}}",
                Map.of())).getMessage().contains("needs both access-key and secret-key"));
        assertTrue(assertThrows(ConfigException.class, () -> resolve("storage: {s3: {bucket: b, endpoint: "
                + "'ftp://x'}}", Map.of())).getMessage().contains("is not an http:// or https:// URL"));
        assertTrue(assertThrows(ConfigException.class, () -> resolve("cache: {manifest-bytes: lots}", Map.of()))
                .getMessage().endsWith("cache.manifest-bytes 'lots' is not a size such as 64MiB, 512KiB or 1GiB"));
    }

    @Test
    void aDistributionStorageSection_isNamedAsOne() {
        ConfigException e = assertThrows(ConfigException.class, () -> resolve(
                "storage:\n  filesystem:\n    rootdirectory: /var/lib/registry\n", Map.of()));
        assertTrue(e.getMessage().contains("looks like a CNCF Distribution config.yml"), e.getMessage());
    }
}
