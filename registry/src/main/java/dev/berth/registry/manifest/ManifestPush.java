package dev.berth.registry.manifest;

import dev.berth.cache.repository.ManifestRecord;
import dev.berth.cache.storage.Storage;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.digest.DigestAlgorithm;
import dev.berth.oci.error.ErrorCode;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.manifest.InvalidManifestException;
import dev.berth.oci.manifest.ManifestParser;
import dev.berth.oci.manifest.ParsedManifest;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.registry.gc.PushFence;
import dev.berth.registry.http.RegistryException;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Accepting a pushed manifest: bounded read, validation, a check that everything it needs is in the repository, and
 * storage of its exact bytes and its record.
 */
public final class ManifestPush {

    /** The spec asks registries to accept manifests of at least 4 MiB; larger ones are refused with 413. */
    static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

    private final Storage storage;
    private final Clock clock;
    private final PushFence fence;
    private final ManifestParser parser = new ManifestParser();

    public ManifestPush(Storage storage, Clock clock, PushFence fence) {
        this.storage = storage;
        this.clock = clock;
        this.fence = fence;
    }

    /** The fence every push in this registry goes through, for content pushed by other means than a manifest. */
    public PushFence fence() {
        return fence;
    }

    static byte[] readBounded(ServerRequest request) throws RegistryException, IOException {
        long declared = request.headers().contentLength().orElse(-1);
        if (declared > MAX_MANIFEST_BYTES) {
            throw tooLarge(declared);
        }
        try (InputStream in = request.content().inputStream()) {
            byte[] body = in.readNBytes(MAX_MANIFEST_BYTES + 1);
            if (body.length > MAX_MANIFEST_BYTES) {
                throw tooLarge(body.length);
            }
            return body;
        }
    }

    /**
     * Checks and stores a manifest; {@code expected}, the digest the URL names (or null for a tag), must be what the
     * bytes hash to before anything is stored.
     */
    public ManifestRecord store(RepositoryName repository, byte[] body, String contentType, Digest expected)
            throws RegistryException, IOException {
        ParsedManifest parsed;
        try {
            parsed = parser.parse(body, contentType, expected == null ? DigestAlgorithm.SHA256
                    : expected.algorithm());
        } catch (InvalidManifestException e) {
            throw RegistryException.of(ErrorCode.MANIFEST_INVALID, e.getMessage());
        }
        if (expected != null && !expected.equals(parsed.raw().digest())) {
            throw RegistryException.of(ErrorCode.DIGEST_INVALID, "manifest hashes to " + parsed.raw().digest()
                    + ", not to " + expected + " named in the URL");
        }
        List<Digest> referenced = new ArrayList<>();
        referenced.add(parsed.raw().digest());
        parsed.manifest().blobs().forEach(blob -> referenced.add(blob.digest()));
        parsed.manifest().children().forEach(child -> referenced.add(child.digest()));
        PushFence.Hold hold = fence.hold(referenced);
        requireReferencedContent(repository, parsed);
        hold.requireInTime();
        storage.blobs().put(parsed.raw().digest(), parsed.raw().bytes());
        ManifestRecord record = ManifestRecord.of(parsed.raw(), parsed.manifest(), clock.instant());
        storage.repositories().putManifest(repository, record);
        return record;
    }

    private void requireReferencedContent(RepositoryName repository, ParsedManifest parsed)
            throws RegistryException, IOException {
        List<String> missing = new ArrayList<>();
        for (Descriptor blob : parsed.manifest().blobs()) {
            if (!storage.repositories().hasBlob(repository, blob.digest())
                    || storage.blobs().statStored(blob.digest()).isEmpty()) {
                missing.add("blob " + blob.digest());
            }
        }
        for (Descriptor child : parsed.manifest().children()) {
            if (storage.repositories().manifestStored(repository, child.digest()).isEmpty()) {
                missing.add("manifest " + child.digest());
            }
        }
        if (!missing.isEmpty()) {
            throw new RegistryException(ErrorCode.MANIFEST_BLOB_UNKNOWN, 400, "manifest references content that is "
                    + "not in " + repository + ": " + String.join(", ", missing) + "; push it first", missing);
        }
    }

    private static RegistryException tooLarge(long size) {
        return new RegistryException(ErrorCode.MANIFEST_INVALID, 413, "manifest is " + size
                + " bytes; the limit is " + MAX_MANIFEST_BYTES + " bytes", null);
    }
}
