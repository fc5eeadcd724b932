package dev.berth.registry.signature;

import dev.berth.cache.repository.ManifestRecord;
import dev.berth.cache.storage.Storage;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.distribution.ArtifactRepository;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.manifest.RawManifest;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.oci.reference.Tag;
import dev.berth.registry.http.RegistryException;
import dev.berth.registry.manifest.ManifestPush;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * A repository of this registry's own storage as the trust module reads and writes signatures: manifests by tag or
 * digest, small blobs, the referrers index, and pushes through the same checks as the API's.
 */
final class StoredRepository implements ArtifactRepository {

    private final Storage storage;
    private final RepositoryName repository;
    private final String name;
    private final ManifestPush push;

    /** @param name how signatures name the repository: the registry's name and the repository's */
    StoredRepository(Storage storage, RepositoryName repository, String name, ManifestPush push) {
        this.storage = storage;
        this.repository = repository;
        this.name = name;
        this.push = push;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<Descriptor> describe(String reference) throws IOException {
        return manifest(reference).map(RawManifest::descriptor);
    }

    @Override
    public Optional<RawManifest> manifest(String reference) throws IOException {
        Optional<Digest> digest = Digest.isDigest(reference) ? Optional.of(Digest.parse(reference))
                : Tag.isValid(reference) ? storage.repositories().resolveTag(repository, Tag.of(reference))
                : Optional.empty();
        if (digest.isEmpty()) {
            return Optional.empty();
        }
        Optional<ManifestRecord> record = storage.repositories().manifest(repository, digest.get());
        if (record.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = storage.blobs().open(digest.get(), 0)) {
            return Optional.of(new RawManifest(record.get().mediaType(), in.readAllBytes(), digest.get()));
        }
    }

    @Override
    public byte[] smallBlob(Descriptor blob, int maximum) throws IOException {
        if (blob.size() > maximum || !storage.repositories().hasBlob(repository, blob.digest())) {
            throw new IOException("blob " + blob.digest() + " of " + name + " is missing or larger than " + maximum
                    + " bytes");
        }
        try (InputStream in = storage.blobs().open(blob.digest(), 0)) {
            byte[] content = in.readNBytes(maximum + 1);
            if (content.length != blob.size()) {
                throw new IOException("blob " + blob.digest() + " of " + name + " is not the " + blob.size()
                        + " bytes its descriptor says");
            }
            return content;
        }
    }

    @Override
    public List<Descriptor> referrers(Digest subject) throws IOException {
        return storage.repositories().referrers(repository, subject).stream()
                .map(ManifestRecord::referrerDescriptor).toList();
    }

    @Override
    public void pushBlob(Descriptor blob, byte[] content) throws IOException {
        if (!Digest.of(blob.digest().algorithm(), content).equals(blob.digest())) {
            throw new IOException("the blob does not hash to " + blob.digest());
        }
        try {
            push.fence().hold(List.of(blob.digest()));
        } catch (RegistryException e) {
            throw new IOException("the signature for " + name + " cannot be stored: " + e.getMessage(), e);
        }
        storage.blobs().put(blob.digest(), content);
        storage.repositories().linkBlob(repository, blob.digest());
    }

    @Override
    public void pushManifest(String reference, RawManifest manifest) throws IOException {
        try {
            push.store(repository, manifest.bytes(), manifest.mediaType(), manifest.digest());
            if (!Digest.isDigest(reference)) {
                storage.repositories().tag(repository, Tag.of(reference), manifest.digest());
            }
        } catch (RegistryException e) {
            throw new IOException("the signature for " + name + " cannot be stored: " + e.getMessage(), e);
        }
    }
}
