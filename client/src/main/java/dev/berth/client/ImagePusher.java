package dev.berth.client;

import dev.berth.cache.content.ContentStore;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.manifest.RawManifest;
import dev.berth.oci.reference.Reference;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.util.List;

/** Pushes an image from the content store: each blob the registry lacks, then the manifest under the tag. */
public final class ImagePusher {

    private final RegistryClient client;
    private final ContentStore store;
    private final BlobPusher pusher = new BlobPusher();
    private final ManifestPusher manifests = new ManifestPusher();

    public ImagePusher(RegistryClient client, ContentStore store) {
        this.client = client;
        this.store = store;
    }

    /** Pushes a manifest in the store with the blobs it references (config and layers, or a build cache's). */
    public void push(Descriptor manifestDescriptor, List<Descriptor> blobs, Reference reference) throws IOException {
        RegistryTransport transport = client.transport(reference);
        String scope = "repository:" + reference.repository() + ":pull,push";
        for (Descriptor blob : blobs) {
            if (!pusher.exists(transport, reference.repository(), blob, scope)) {
                pusher.upload(transport, reference.repository(), blob, () -> HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> open(blob)), blob.size()), scope);
            }
        }
        RawManifest manifest = new RawManifest(manifestDescriptor.mediaType(),
                store.read(manifestDescriptor.digest()), manifestDescriptor.digest());
        String tag = reference.tag() != null ? reference.tag().value() : reference.manifestReference();
        manifests.push(transport, reference.repository(), tag, manifest, scope);
    }

    private InputStream open(Descriptor blob) {
        try {
            return store.open(blob.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
