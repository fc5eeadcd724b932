package dev.berth.registry.manifest;

import dev.berth.cache.repository.ManifestRecord;
import dev.berth.cache.storage.Storage;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.ErrorCode;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.oci.reference.Tag;
import dev.berth.registry.events.RequestEvents;
import dev.berth.registry.http.RegistryException;
import dev.berth.registry.signature.SignatureArtifacts;
import dev.berth.registry.signature.SignatureEnforcement;
import dev.berth.registry.tag.ImmutableTags;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Deleting a tag, or a manifest with its signatures, as the API's {@code DELETE} and the web UI both do: immutable
 * tags (and the manifests they point at) give way only to administrators of the repository; the deletion is told to
 * the webhooks and to the signature policy's verdicts.
 */
public final class ManifestDeletion {

    private final Storage storage;
    private final ImmutableTags immutable;
    private final RequestEvents events;
    private final Optional<SignatureEnforcement> signatures;

    public ManifestDeletion(Storage storage, ImmutableTags immutable, RequestEvents events,
                            Optional<SignatureEnforcement> signatures) {
        this.storage = storage;
        this.immutable = immutable;
        this.events = events;
        this.signatures = signatures;
    }

    /** Deletes the tag; refused (403 DENIED) for an immutable one unless the caller administers the repository. */
    public void deleteTag(ServerRequest request, String actor, RepositoryName repository, Tag tag,
                          boolean administers) throws RegistryException, IOException {
        delete(request, actor, repository, new ManifestReference(tag, null), administers);
    }

    /** Deletes the manifest, its tags and its signatures; refused while an immutable tag points at it, as above. */
    public void deleteManifest(ServerRequest request, String actor, RepositoryName repository, Digest digest,
                               boolean administers) throws RegistryException, IOException {
        delete(request, actor, repository, new ManifestReference(null, digest), administers);
    }

    /** The immutable tags that stop the caller from deleting the tag or manifest: empty when nothing does. */
    public List<Tag> immutableIn(RepositoryName repository, Optional<Tag> tag, Optional<Digest> manifest,
                                 boolean administers) throws IOException {
        if (immutable.rules().isEmpty() || administers) {
            return List.of();
        }
        List<Tag> fixed = new ArrayList<>();
        if (tag.isPresent()) {
            if (immutable.isImmutable(repository, tag.get())) {
                fixed.add(tag.get());
            }
            return fixed;
        }
        for (Tag each : storage.repositories().tagsOf(repository, manifest.orElseThrow())) {
            if (immutable.isImmutable(repository, each)) {
                fixed.add(each);
            }
        }
        return fixed;
    }

    void delete(ServerRequest request, String actor, RepositoryName repository, ManifestReference reference,
                boolean administers) throws RegistryException, IOException {
        List<Tag> fixed = immutableIn(repository, Optional.ofNullable(reference.tag()),
                Optional.ofNullable(reference.digest()), administers);
        if (!fixed.isEmpty()) {
            throw RegistryException.of(ErrorCode.DENIED, "tag " + fixed.getFirst() + " of " + repository + " is "
                    + "immutable: only an administrator of " + repository + " may delete it");
        }
        Optional<ManifestRecord> record = reference.digest() == null ? Optional.empty()
                : storage.repositories().manifest(repository, reference.digest());
        boolean deleted = reference.tag() != null
                ? storage.repositories().deleteTag(repository, reference.tag())
                : storage.repositories().deleteManifest(repository, reference.digest());
        if (!deleted) {
            throw ManifestService.unknown(storage, repository, reference);
        }
        if (reference.digest() != null) {
            SignatureArtifacts.deleteOf(storage.repositories(), repository, reference.digest());
        }
        events.deleted(request, actor, repository, reference.digest(), reference.tag());
        signatures.ifPresent(enforcement -> enforcement.changed(repository,
                record.map(ManifestRecord::subject).orElse(null), reference.tag()));
    }
}
