package dev.berth.cli.serve;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.cache.memory.CacheSettings;
import dev.berth.cache.s3.S3Settings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the registry keeps its data, and what each node keeps in memory: the {@code storage:} and {@code cache:}
 * sections of the config file, and the {@code BERTH_S3_*} variables, which take precedence key by key.
 *
 * @param s3      the S3 bucket, when not local disk (the data directory then holds only this node's token keys)
 * @param caches  the in-memory caches: on S3 the tag TTL is always set, since other nodes may write the bucket
 */
public record StorageConfig(Optional<S3> s3, CacheSettings caches) {

    /**
     * S3 storage as configured.
     *
     * @param settings    bucket, prefix, region, endpoint, addressing and encryption
     * @param accessKey   an access key given in the config, else the SDK's default chain finds credentials
     * @param secretKey   its secret
     * @param redirect    whether blob GETs answer 307 with a presigned URL, so clients download from S3 directly
     */
    public record S3(S3Settings settings, Optional<String> accessKey, Optional<String> secretKey, boolean redirect) {
    }

    /** The {@code storage:} section as written. */
    record Written(@JsonProperty("s3") WrittenS3 s3) {
    }

    /** The {@code storage.s3:} section as written. */
    record WrittenS3(String bucket, String prefix, String region, String endpoint,
                     @JsonProperty("path-style") Boolean pathStyle,
                     @JsonProperty("access-key") String accessKey, @JsonProperty("secret-key") String secretKey,
                     String sse, @JsonProperty("kms-key-id") String kmsKeyId, Boolean redirect) {

        static final WrittenS3 NONE = new WrittenS3(null, null, null, null, null, null, null, null, null, null);
    }

    /** The {@code cache:} section as written. */
    record WrittenCache(@JsonProperty("manifest-bytes") String manifestBytes, @JsonProperty("tag-ttl") String tagTtl) {
    }

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB)?");

    static StorageConfig of(Path file, Written storage, WrittenCache cache, Map<String, String> env)
            throws ConfigException {
        WrittenS3 s3 = storage == null || storage.s3() == null ? WrittenS3.NONE : storage.s3();
        String bucket = first(env.get("BERTH_S3_BUCKET"), s3.bucket());
        long manifestBytes = cache == null || cache.manifestBytes() == null ? CacheSettings.DEFAULT_MANIFEST_BYTES
                : size(cache.manifestBytes(), file + ": cache.manifest-bytes");
        Optional<Duration> tagTtl = cache == null || cache.tagTtl() == null ? Optional.empty()
                : Optional.of(ServeConfig.duration(cache.tagTtl(), file + ": cache.tag-ttl"));
        if (bucket == null) {
            if (storage != null && storage.s3() != null) {
                throw new ConfigException(file + ": storage.s3 needs a bucket (or BERTH_S3_BUCKET)");
            }
            return new StorageConfig(Optional.empty(), new CacheSettings(manifestBytes, Optional.empty()));
        }
        String region = first(env.get("BERTH_S3_REGION"), s3.region(), env.get("AWS_REGION"), "us-east-1");
        String endpointText = first(env.get("BERTH_S3_ENDPOINT"), s3.endpoint());
        Optional<URI> endpoint = endpointText == null ? Optional.empty() : Optional.of(endpoint(endpointText));
        boolean pathStyle = bool(first(env.get("BERTH_S3_PATH_STYLE"), s3.pathStyle() == null ? null
                : s3.pathStyle().toString()), endpoint.isPresent(), "storage.s3.path-style or BERTH_S3_PATH_STYLE");
        Optional<S3Settings.Encryption> encryption = encryption(first(env.get("BERTH_S3_SSE"), s3.sse()),
                Optional.ofNullable(first(env.get("BERTH_S3_KMS_KEY_ID"), s3.kmsKeyId())));
        boolean redirect = bool(first(env.get("BERTH_S3_REDIRECT"), s3.redirect() == null ? null
                : s3.redirect().toString()), false, "storage.s3.redirect or BERTH_S3_REDIRECT");
        if ((s3.accessKey() == null) != (s3.secretKey() == null)) {
            throw new ConfigException(file + ": storage.s3 needs both access-key and secret-key, or neither (then "
                    + "credentials come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile or the instance "
                    + "role)");
        }
        S3Settings settings;
        try {
            settings = new S3Settings(bucket, first(env.get("BERTH_S3_PREFIX"), s3.prefix(), ""), region, endpoint,
                    pathStyle, encryption);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        return new StorageConfig(Optional.of(new S3(settings, Optional.ofNullable(s3.accessKey()),
                Optional.ofNullable(s3.secretKey()), redirect)),
                new CacheSettings(manifestBytes, Optional.of(tagTtl.orElse(CacheSettings.DEFAULT_TAG_TTL))));
    }

    private static URI endpoint(String text) throws ConfigException {
        try {
            URI uri = URI.create(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // refused below
        }
        throw new ConfigException("S3 endpoint '" + text + "' is not an http:// or https:// URL (storage.s3.endpoint "
                + "or BERTH_S3_ENDPOINT)");
    }

    private static Optional<S3Settings.Encryption> encryption(String sse, Optional<String> kmsKey)
            throws ConfigException {
        if (sse == null) {
            if (kmsKey.isPresent()) {
                throw new ConfigException("a KMS key (storage.s3.kms-key-id) needs sse: kms");
            }
            return Optional.empty();
        }
        return switch (sse.toLowerCase(Locale.ROOT)) {
            case "s3", "aes256" -> {
                if (kmsKey.isPresent()) {
                    throw new ConfigException("a KMS key (storage.s3.kms-key-id) needs sse: kms, not " + sse);
                }
                yield Optional.of(new S3Settings.Encryption.S3Managed());
            }
            case "kms", "aws:kms" -> Optional.of(new S3Settings.Encryption.Kms(kmsKey));
            default -> throw new ConfigException("server-side encryption '" + sse + "' is neither s3 (SSE-S3) nor "
                    + "kms (SSE-KMS) (storage.s3.sse or BERTH_S3_SSE)");
        };
    }

    private static boolean bool(String text, boolean otherwise, String where) throws ConfigException {
        if (text == null) {
            return otherwise;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new ConfigException("'" + text + "' is neither true nor false (" + where + ")");
        };
    }

    /** A size in bytes, as {@code 67108864}, {@code 64MiB} or {@code 1GiB}. */
    static long size(String text, String what) throws ConfigException {
        Matcher m = SIZE.matcher(text.trim());
        if (m.matches()) {
            try {
                long unit = switch (m.group(2) == null ? "B" : m.group(2)) {
                    case "KiB" -> 1024L;
                    case "MiB" -> 1024L * 1024;
                    case "GiB" -> 1024L * 1024 * 1024;
                    default -> 1L;
                };
                return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
            } catch (ArithmeticException | NumberFormatException tooLarge) {
                // refused below
            }
        }
        throw new ConfigException(what + " '" + text + "' is not a size such as 64MiB, 512KiB or 1GiB");
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
