package dev.berth.client;

import dev.berth.cache.content.ContentStore;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.manifest.ImageIndex;
import dev.berth.oci.manifest.ParsedManifest;
import dev.berth.oci.manifest.Platform;
import dev.berth.oci.reference.Reference;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * Pulls an image into the content store: resolves the reference to a manifest (choosing the platform's entry of an
 * index or manifest list), then fetches the config and each layer once, each verified against its digest.
 */
public final class ImagePuller {

    private final RegistryClient client;
    private final ContentStore store;
    private final RegistryMirrors mirrors;
    private final ManifestPuller manifests = new ManifestPuller();

    public ImagePuller(RegistryClient client, ContentStore store) {
        this(client, store, RegistryMirrors.none());
    }

    /** A puller that tries the images' mirrors first. */
    public ImagePuller(RegistryClient client, ContentStore store, RegistryMirrors mirrors) {
        this.client = client;
        this.store = store;
        this.mirrors = mirrors;
    }

    /** Pulls the image for the platform and returns the descriptor of its (single-platform) manifest. */
    public Descriptor pull(Reference reference, Platform platform) throws IOException {
        return pull(reference, platform, ManifestGate.OPEN);
    }

    /**
     * Pulls the image for the platform once the gate admits it, and returns the descriptor of its (single-platform)
     * manifest. The reference is resolved once: the platform's manifest and the blobs are fetched by digest.
     */
    public Descriptor pull(Reference reference, Platform platform, ManifestGate gate) throws IOException {
        List<Reference> sources = mirrors.sources(reference);
        for (Reference source : sources.subList(0, sources.size() - 1)) {
            try {
                return pullFrom(source, reference, platform, gate);
            } catch (ImageRefusedException e) {
                throw e;
            } catch (IOException e) {
                // The mirror does not have it, or cannot be reached: on to the next source.
            }
        }
        return pullFrom(reference, reference, platform, gate);
    }

    /**
     * Pulls from {@code source} (the image itself or a mirror of it); the gate judges the image by its own name,
     * and finds its signatures in its own repository.
     */
    private Descriptor pullFrom(Reference source, Reference reference, Platform platform, ManifestGate gate)
            throws IOException {
        RegistryTransport transport = client.transport(source);
        String scope = "repository:" + source.repository() + ":pull";
        ParsedManifest named = fetchManifest(transport, source, source.manifestReference(), scope);
        ParsedManifest manifest = named;
        if (named.manifest() instanceof ImageIndex index) {
            Descriptor chosen = choose(index, platform, reference);
            manifest = fetchManifest(transport, source, chosen.digest().toString(), scope);
        }
        gate.admit(reference, client.repository(reference), named.raw(), manifest.raw());
        for (Descriptor blob : manifest.manifest().blobs()) {
            fetchBlob(transport, source, blob, scope);
        }
        return store.put(manifest.raw().mediaType(), manifest.raw().bytes());
    }

    /** Fetches just the manifest a reference names, as it is (no platform choice, no blobs). */
    public ParsedManifest manifest(Reference reference) throws IOException {
        return fetchManifest(client.transport(reference), reference, reference.manifestReference(),
                "repository:" + reference.repository() + ":pull");
    }

    /** Fetches one blob of the reference's repository into the store, unless the store has it. */
    public void blob(Reference reference, Descriptor blob) throws IOException {
        fetchBlob(client.transport(reference), reference, blob, "repository:" + reference.repository() + ":pull");
    }

    private ParsedManifest fetchManifest(RegistryTransport transport, Reference reference, String ref, String scope)
            throws IOException {
        return manifests.pull(transport, reference.repository(), ref, scope).orElseThrow(() ->
                new RegistryClientException("cannot pull " + reference + ": " + transport.registry() + " answered 404 "
                        + "(no such image or tag)", 404));
    }

    private static Descriptor choose(ImageIndex index, Platform platform, Reference reference)
            throws RegistryClientException {
        List<Descriptor> candidates = index.manifests().stream()
                .filter(d -> d.platform() != null && platform.os().equals(d.platform().os())
                        && platform.architecture().equals(d.platform().architecture()))
                .toList();
        return candidates.stream()
                .filter(d -> platform.variant() == null || platform.variant().equals(d.platform().variant()))
                .findFirst()
                .or(() -> candidates.stream().findFirst())
                .orElseThrow(() -> new RegistryClientException(reference + " has no image for " + platform.os() + "/"
                        + platform.architecture() + "; it has " + index.manifests().stream()
                        .map(d -> d.platform() == null ? "?" : d.platform().os() + "/" + d.platform().architecture())
                        .toList(), 404));
    }

    private void fetchBlob(RegistryTransport transport, Reference reference, Descriptor blob, String scope)
            throws IOException {
        if (store.has(blob.digest())) {
            return;
        }
        String path = "/v2/" + reference.repository() + "/blobs/" + blob.digest();
        HttpResponse<InputStream> response = transport.send(() -> HttpRequest.newBuilder(transport.url(path)).GET(),
                scope);
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new RegistryClientException("cannot pull blob " + blob.digest() + " of " + reference + ": "
                        + transport.registry() + " answered " + response.statusCode(), response.statusCode());
            }
            Descriptor stored = store.importVerified(in, blob.mediaType(), blob.digest());
            if (stored.size() != blob.size()) {
                throw new RegistryClientException("blob " + blob.digest() + " of " + reference + " is "
                        + stored.size() + " bytes, not the " + blob.size() + " its manifest says", 200);
            }
        }
    }
}
