package dev.berth.client;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.distribution.ArtifactRepository;
import dev.berth.oci.json.OciJson;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.manifest.ImageIndex;
import dev.berth.oci.manifest.ImageManifest;
import dev.berth.oci.manifest.InvalidManifestException;
import dev.berth.oci.manifest.Manifest;
import dev.berth.oci.manifest.ManifestParser;
import dev.berth.oci.manifest.MediaType;
import dev.berth.oci.manifest.ParsedManifest;
import dev.berth.oci.manifest.RawManifest;
import dev.berth.oci.reference.Reference;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A repository of a remote registry, for the artifacts kept beside images. Referrers come from the registry's
 * referrers API, or, where it has none (a 404, as from Distribution 2.8), from the referrers tag schema
 * ({@code sha256-<hex>} tags holding an index), which this class also keeps up to date when it pushes a manifest
 * with a subject to such a registry, as the distribution spec asks of clients.
 */
public final class RemoteRepository implements ArtifactRepository {

    private final RegistryTransport transport;
    private final Reference repository;
    private final String pull;
    private final String push;
    private final ManifestPuller manifests = new ManifestPuller();
    private final ManifestPusher pusher = new ManifestPusher();
    private final BlobPusher blobs = new BlobPusher();
    private final ManifestParser parser = new ManifestParser();

    RemoteRepository(RegistryTransport transport, Reference repository) {
        this.transport = transport;
        this.repository = repository;
        this.pull = "repository:" + repository.repository() + ":pull";
        this.push = pull + ",push";
    }

    @Override
    public String name() {
        return repository.registry() + "/" + repository.repository();
    }

    @Override
    public Optional<Descriptor> describe(String reference) throws IOException {
        return manifests.head(transport, repository.repository(), reference, pull);
    }

    @Override
    public Optional<RawManifest> manifest(String reference) throws IOException {
        return manifests.pull(transport, repository.repository(), reference, pull).map(ParsedManifest::raw);
    }

    @Override
    public byte[] smallBlob(Descriptor blob, int maximum) throws IOException {
        if (blob.size() > maximum) {
            throw new RegistryClientException("blob " + blob.digest() + " of " + name() + " is " + blob.size()
                    + " bytes; at most " + maximum + " are read here", 0);
        }
        String path = "/v2/" + repository.repository() + "/blobs/" + blob.digest();
        HttpResponse<InputStream> response = transport.send(() -> HttpRequest.newBuilder(transport.url(path)).GET(),
                pull);
        byte[] content;
        try (InputStream in = response.body()) {
            content = in.readNBytes(maximum + 1);
        }
        if (response.statusCode() != 200) {
            throw new RegistryClientException("cannot read blob " + blob.digest() + " of " + name() + ": "
                    + transport.registry() + " answered " + response.statusCode(), response.statusCode());
        }
        if (content.length != blob.size() || !Digest.of(blob.digest().algorithm(), content).equals(blob.digest())) {
            throw new RegistryClientException("registry " + transport.registry() + " sent " + content.length
                    + " bytes for blob " + blob.digest() + " of " + name() + " that do not match its digest", 200);
        }
        return content;
    }

    /** The blob, streamed; empty when the registry has no such blob (404). */
    public Optional<StreamedBlob> openBlob(Digest digest) throws IOException {
        String path = "/v2/" + repository.repository() + "/blobs/" + digest;
        HttpResponse<InputStream> response = transport.send(() -> HttpRequest.newBuilder(transport.url(path)).GET(),
                pull);
        if (response.statusCode() == 404) {
            response.body().close();
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new RegistryClientException("cannot read blob " + digest + " of " + name() + ": "
                    + transport.registry() + " answered " + response.statusCode(), response.statusCode());
        }
        OptionalLong length = response.headers().firstValueAsLong("Content-Length");
        return Optional.of(new StreamedBlob(response.body(), length));
    }

    @Override
    public List<Descriptor> referrers(Digest subject) throws IOException {
        String path = "/v2/" + repository.repository() + "/referrers/" + subject;
        HttpResponse<InputStream> response = transport.send(() -> HttpRequest.newBuilder(transport.url(path))
                .header("Accept", MediaType.OCI_INDEX).GET(), pull);
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(ManifestPuller.MAXIMUM_MANIFEST + 1);
        }
        if (response.statusCode() == 404) {
            return fallbackEntries(subject);
        }
        if (response.statusCode() != 200) {
            throw new RegistryClientException("cannot list the referrers of " + name() + "@" + subject + ": "
                    + transport.registry() + " answered " + response.statusCode(), response.statusCode());
        }
        return index(RawManifest.of(MediaType.OCI_INDEX, body), "the referrers of " + subject).manifests();
    }

    @Override
    public void pushBlob(Descriptor blob, byte[] content) throws IOException {
        if (!blobs.exists(transport, repository.repository(), blob, push)) {
            blobs.upload(transport, repository.repository(), blob, () -> HttpRequest.BodyPublishers.ofByteArray(
                    content), push);
        }
    }

    @Override
    public void pushManifest(String reference, RawManifest manifest) throws IOException {
        HttpResponse<InputStream> answer = pusher.push(transport, repository.repository(), reference, manifest, push);
        Manifest parsed = parse(manifest);
        Descriptor subject = switch (parsed) {
            case ImageManifest image -> image.subject();
            case ImageIndex index -> index.subject();
        };
        if (subject != null && answer.headers().firstValue("OCI-Subject").isEmpty()) {
            addToFallback(subject.digest(), referrer(manifest, parsed));
        }
    }

    /** The referrers tag schema's tag for a subject: {@code <algorithm>-<hex>}, at most 128 characters. */
    static String fallbackTag(Digest subject) {
        String tag = subject.algorithm().prefix() + "-" + subject.hex();
        return tag.length() > 128 ? tag.substring(0, 128) : tag;
    }

    private void addToFallback(Digest subject, Descriptor referrer) throws IOException {
        List<Descriptor> entries = new ArrayList<>(fallbackEntries(subject));
        if (entries.stream().anyMatch(entry -> entry.digest().equals(referrer.digest()))) {
            return;
        }
        entries.add(referrer);
        byte[] bytes = OciJson.mapper().writeValueAsBytes(ImageIndex.of(entries));
        pusher.push(transport, repository.repository(), fallbackTag(subject), RawManifest.of(MediaType.OCI_INDEX,
                bytes), push);
    }

    private List<Descriptor> fallbackEntries(Digest subject) throws IOException {
        Optional<RawManifest> tagged = manifest(fallbackTag(subject));
        return tagged.isEmpty() ? List.of() : index(tagged.get(), "the referrers tag " + fallbackTag(subject))
                .manifests();
    }

    private static Descriptor referrer(RawManifest raw, Manifest parsed) {
        return switch (parsed) {
            case ImageManifest image -> raw.descriptor().withArtifactType(image.artifactType() != null
                    ? image.artifactType() : image.config().mediaType()).withAnnotations(image.annotations());
            case ImageIndex index -> raw.descriptor().withArtifactType(index.artifactType())
                    .withAnnotations(index.annotations());
        };
    }

    private Manifest parse(RawManifest raw) throws RegistryClientException {
        try {
            return parser.parse(raw);
        } catch (InvalidManifestException e) {
            throw new RegistryClientException("the manifest for " + name() + " is unusable: " + e.getMessage(), 0);
        }
    }

    private ImageIndex index(RawManifest raw, String what) throws RegistryClientException {
        if (parse(raw) instanceof ImageIndex index) {
            return index;
        }
        throw new RegistryClientException(what + " of " + name() + " is not an index", 200);
    }
}
