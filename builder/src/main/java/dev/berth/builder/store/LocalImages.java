package dev.berth.builder.store;

import dev.berth.cache.content.ContentStore;
import dev.berth.cache.repository.ManifestRecord;
import dev.berth.cache.repository.RepositoryStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.reference.Reference;
import dev.berth.oci.reference.RepositoryName;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Images the builder keeps locally by name, so a later build can start FROM them without a registry. Each image
 * reference maps to a repository of the builder's store ({@code localhost:5000/app} becomes
 * {@code localhost_5000/app}).
 */
public final class LocalImages {

    private final RepositoryStore repositories;
    private final Clock clock;

    public LocalImages(ContentStore store, Clock clock) {
        this.repositories = store.storage().repositories();
        this.clock = clock;
    }

    /** Records the image under the reference's tag (or {@code latest}). */
    public void tag(Reference reference, Descriptor manifest, List<Descriptor> blobs) throws IOException {
        RepositoryName repository = repositoryOf(reference);
        for (Descriptor blob : blobs) {
            repositories.linkBlob(repository, blob.digest());
        }
        repositories.putManifest(repository, new ManifestRecord(manifest.digest(), manifest.mediaType(),
                manifest.size(), clock.instant(), blobs.stream().map(Descriptor::digest).toList(), List.of(), null,
                null, Map.of()));
        repositories.tag(repository, reference.tag() == null ? Reference.DEFAULT_TAG : reference.tag(),
                manifest.digest());
    }

    /** The manifest of a locally known image, by tag or digest. */
    public Optional<Descriptor> find(Reference reference) throws IOException {
        RepositoryName repository = repositoryOf(reference);
        Optional<Digest> digest = reference.digest() != null ? Optional.of(reference.digest())
                : repositories.resolveTag(repository, reference.tag() == null ? Reference.DEFAULT_TAG
                : reference.tag());
        if (digest.isEmpty()) {
            return Optional.empty();
        }
        return repositories.manifest(repository, digest.get())
                .map(record -> Descriptor.of(record.mediaType(), record.digest(), record.size()));
    }

    private static RepositoryName repositoryOf(Reference reference) {
        return RepositoryName.of(reference.registry().replace(':', '_').toLowerCase(java.util.Locale.ROOT) + "/"
                + reference.repository().value());
    }
}
