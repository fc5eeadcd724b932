package dev.berth.cache.s3;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.berth.cache.repository.ManifestRecord;
import dev.berth.cache.repository.RepositoryStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.oci.reference.Tag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Repositories in S3, laid out so that every request reads a few known keys or lists one short prefix, never the
 * whole bucket: under {@code <prefix>repositories/<name>/}, {@code _links/<alg>/<hex>} (empty objects),
 * {@code _manifests/<alg>/<hex>} (the record), {@code _tags/<tag>} (the digest), and
 * {@code _referrers/<alg>/<hex>/<alg>-<hex>} (the referrer's record) and {@code _deleted} (when it was last deleted);
 * {@code <prefix>catalog/<key>} marks that a repository exists, the catalog listing that prefix. S3 lists keys in
 * byte order, which is the lexical order tag lists and the catalog need, and from any key on, so a page costs one
 * listing request. A catalog key is the name with {@code - . /} written {@code , - .}: the same order, without a
 * {@code /}, since MinIO and other stores over file systems cannot hold both an object {@code a} and {@code a/b}.
 */
public final class S3RepositoryStore implements RepositoryStore {

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final S3Objects objects;
    private final S3Settings settings;
    private final Clock clock;

    public S3RepositoryStore(S3Client s3, S3Settings settings, Clock clock) {
        this.objects = new S3Objects(s3, settings);
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void linkBlob(RepositoryName repository, Digest digest) throws IOException {
        objects.put(key(repository, "_links/" + path(digest)), new byte[0]);
        mark(repository);
    }

    @Override
    public boolean hasBlob(RepositoryName repository, Digest digest) throws IOException {
        return objects.get(key(repository, "_links/" + path(digest))).isPresent();
    }

    @Override
    public boolean unlinkBlob(RepositoryName repository, Digest digest) throws IOException {
        return objects.delete(key(repository, "_links/" + path(digest)));
    }

    @Override
    public void putManifest(RepositoryName repository, ManifestRecord manifest) throws IOException {
        byte[] record = JSON.writeValueAsBytes(manifest);
        objects.put(key(repository, "_manifests/" + path(manifest.digest())), record);
        if (manifest.subject() != null) {
            objects.put(referrerKey(repository, manifest.subject(), manifest.digest()), record);
        }
        mark(repository);
    }

    @Override
    public Optional<ManifestRecord> manifest(RepositoryName repository, Digest digest) throws IOException {
        Optional<byte[]> record = objects.get(key(repository, "_manifests/" + path(digest)));
        return record.isEmpty() ? Optional.empty() : Optional.of(read(record.get()));
    }

    @Override
    public boolean deleteManifest(RepositoryName repository, Digest digest) throws IOException {
        Optional<ManifestRecord> record = manifest(repository, digest);
        if (record.isEmpty()) {
            return false;
        }
        untagManifest(repository, digest);
        if (record.get().subject() != null) {
            objects.delete(referrerKey(repository, record.get().subject(), digest));
        }
        objects.delete(key(repository, "_manifests/" + path(digest)));
        objects.deleteBlindly(key(repository, "_pulls/" + path(digest)));
        unlinkBlob(repository, digest);
        return true;
    }

    @Override
    public void tag(RepositoryName repository, Tag tag, Digest digest) throws IOException {
        objects.put(key(repository, "_tags/" + tag.value()), digest.toString().getBytes(StandardCharsets.US_ASCII));
        mark(repository);
    }

    @Override
    public Optional<Digest> resolveTag(RepositoryName repository, Tag tag) throws IOException {
        Optional<byte[]> digest = objects.get(key(repository, "_tags/" + tag.value()));
        return digest.map(bytes -> Digest.parse(new String(bytes, StandardCharsets.US_ASCII).strip()));
    }

    @Override
    public boolean deleteTag(RepositoryName repository, Tag tag) throws IOException {
        return objects.delete(key(repository, "_tags/" + tag.value()));
    }

    @Override
    public List<Tag> tags(RepositoryName repository) throws IOException {
        String prefix = key(repository, "_tags/");
        return objects.list(prefix).stream().map(object -> Tag.of(object.key().substring(prefix.length()))).toList();
    }

    @Override
    public List<Tag> tags(RepositoryName repository, Optional<String> after, int limit) throws IOException {
        String prefix = key(repository, "_tags/");
        return objects.list(prefix, after, limit).stream()
                .map(object -> Tag.of(object.key().substring(prefix.length())))
                .toList();
    }

    @Override
    public void recordPull(RepositoryName repository, Digest digest, Instant at) throws IOException {
        objects.put(key(repository, "_pulls/" + path(digest)), at.toString().getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public Optional<Instant> lastPulled(RepositoryName repository, Digest digest) throws IOException {
        try {
            return objects.get(key(repository, "_pulls/" + path(digest))).map(bytes -> Instant.parse(
                    new String(bytes, StandardCharsets.US_ASCII).strip()));
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<Digest> manifests(RepositoryName repository) throws IOException {
        return digestsUnder(key(repository, "_manifests/"));
    }

    @Override
    public List<Digest> blobLinks(RepositoryName repository) throws IOException {
        return digestsUnder(key(repository, "_links/"));
    }

    /** The digests that the keys under the prefix spell as {@code <alg>/<hex>}. */
    private List<Digest> digestsUnder(String prefix) throws IOException {
        List<Digest> digests = new ArrayList<>();
        for (S3Object object : objects.list(prefix)) {
            String name = object.key().substring(prefix.length()).replace('/', ':');
            if (Digest.isDigest(name)) {
                digests.add(Digest.parse(name));
            }
        }
        return digests;
    }

    @Override
    public List<ManifestRecord> referrers(RepositoryName repository, Digest subject) throws IOException {
        List<ManifestRecord> referrers = new ArrayList<>();
        for (S3Object object : objects.list(key(repository, "_referrers/" + path(subject) + "/"))) {
            Optional<byte[]> record = objects.get(object.key());
            if (record.isPresent()) {
                referrers.add(read(record.get()));
            }
        }
        referrers.sort(Comparator.comparing(ManifestRecord::pushedAt));
        return referrers;
    }

    @Override
    public List<RepositoryName> repositories(Optional<String> after, int limit) throws IOException {
        String prefix = settings.key("catalog/");
        return objects.list(prefix, after.map(S3RepositoryStore::catalogSpelling), limit).stream().map(object ->
                RepositoryName.of(catalogName(object.key().substring(prefix.length())))).toList();
    }

    @Override
    public boolean exists(RepositoryName repository) throws IOException {
        return objects.get(catalogKey(repository.value())).isPresent();
    }

    @Override
    public boolean deleteRepository(RepositoryName repository) throws IOException {
        if (!exists(repository)) {
            return false;
        }
        for (String part : List.of("_links/", "_manifests/", "_tags/", "_referrers/", "_pulls/")) {
            for (S3Object object : objects.list(key(repository, part))) {
                objects.deleteBlindly(object.key());
            }
        }
        objects.delete(catalogKey(repository.value()));
        objects.put(key(repository, "_deleted"), clock.instant().toString().getBytes(StandardCharsets.US_ASCII));
        return true;
    }

    @Override
    public Optional<Instant> deletedAt(RepositoryName repository) throws IOException {
        return objects.get(key(repository, "_deleted")).map(bytes -> Instant.parse(new String(bytes,
                StandardCharsets.US_ASCII).strip()));
    }

    @Override
    public List<RepositoryName> repositories() throws IOException {
        return repositories(Optional.empty(), Integer.MAX_VALUE);
    }

    /** Records that the repository exists, for the catalog. */
    private void mark(RepositoryName repository) throws IOException {
        String marker = catalogKey(repository.value());
        if (objects.get(marker).isEmpty()) {
            objects.put(marker, new byte[0]);
        }
    }

    private String catalogKey(String name) {
        return settings.key("catalog/" + catalogSpelling(name));
    }

    /** A name spelt without {@code /}, sorting as the name does. */
    private static String catalogSpelling(String name) {
        return name.replace('-', ',').replace('.', '-').replace('/', '.');
    }

    private static String catalogName(String spelling) {
        return spelling.replace('.', '/').replace('-', '.').replace(',', '-');
    }

    private String key(RepositoryName repository, String path) {
        return settings.key("repositories/" + repository + "/" + path);
    }

    private String referrerKey(RepositoryName repository, Digest subject, Digest referrer) {
        return key(repository, "_referrers/" + path(subject) + "/" + referrer.algorithm().prefix() + "-"
                + referrer.hex());
    }

    private static String path(Digest digest) {
        return digest.algorithm().prefix() + "/" + digest.hex();
    }

    private static ManifestRecord read(byte[] record) throws IOException {
        return JSON.readValue(record, ManifestRecord.class);
    }
}
