package dev.berth.registry.signature;

import dev.berth.cache.storage.Storage;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.registry.manifest.ManifestPush;
import dev.berth.trust.attach.AtomicSignatures;
import dev.berth.trust.attach.BundleReferrers;
import dev.berth.trust.attach.CosignTag;
import dev.berth.trust.attach.FoundSignatures;
import dev.berth.trust.attach.NotationReferrers;
import java.io.IOException;

/**
 * The signatures stored beside a manifest in this registry, in every format: cosign's {@code .sig} tag, Sigstore
 * bundles and Notary envelopes as referrers, and simple signing signatures of the signature extension.
 */
final class StoredSignatures {

    private final Storage storage;
    private final String registryName;
    private final ManifestPush push;
    private final CosignTag cosign = new CosignTag();
    private final BundleReferrers bundles = new BundleReferrers();
    private final NotationReferrers notation = new NotationReferrers();
    private final AtomicSignatures atomic = new AtomicSignatures();

    /** @param registryName the registry's name as signatures give it ({@code registry.example.com}) */
    StoredSignatures(Storage storage, String registryName, ManifestPush push) {
        this.storage = storage;
        this.registryName = registryName;
        this.push = push;
    }

    FoundSignatures of(RepositoryName repository, Digest manifest) throws IOException {
        StoredRepository stored = repository(repository);
        return cosign.read(stored, manifest).and(bundles.read(stored, manifest)).and(notation.read(stored, manifest))
                .and(atomic.read(stored, manifest));
    }

    /** The repository as signatures name it and as signatures are written to it. */
    StoredRepository repository(RepositoryName repository) {
        return new StoredRepository(storage, repository, registryName + "/" + repository, push);
    }
}
