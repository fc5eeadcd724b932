package dev.berth.client;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.digest.DigestAlgorithm;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.manifest.InvalidManifestException;
import dev.berth.oci.manifest.ManifestParser;
import dev.berth.oci.manifest.MediaType;
import dev.berth.oci.manifest.ParsedManifest;
import dev.berth.oci.reference.RepositoryName;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/** {@code GET /v2/<name>/manifests/<reference>}: a manifest by tag or digest, checked against the digest asked for. */
final class ManifestPuller {

    /** The distribution spec's bound on manifests; a larger answer is refused, not read. */
    static final int MAXIMUM_MANIFEST = 4 * 1024 * 1024;
    private static final String ACCEPT = String.join(", ", MediaType.OCI_MANIFEST, MediaType.OCI_INDEX,
            MediaType.DOCKER_MANIFEST, MediaType.DOCKER_MANIFEST_LIST);

    private final ManifestParser parser = new ManifestParser();

    /**
     * What a reference names, from {@code HEAD}: its media type, digest and size, or empty when the registry has
     * none (404).
     */
    Optional<Descriptor> head(RegistryTransport transport, RepositoryName repository, String reference, String scope)
            throws IOException {
        String path = "/v2/" + repository + "/manifests/" + reference;
        HttpResponse<InputStream> response = transport.send(() -> HttpRequest.newBuilder(transport.url(path))
                .header("Accept", ACCEPT).method("HEAD", HttpRequest.BodyPublishers.noBody()), scope);
        response.body().close();
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        String name = transport.registry() + "/" + repository + (Digest.isDigest(reference) ? "@" : ":") + reference;
        if (response.statusCode() != 200) {
            throw new RegistryClientException("cannot resolve " + name + ": " + transport.registry() + " answered "
                    + response.statusCode(), response.statusCode());
        }
        try {
            Digest digest = Digest.parse(response.headers().firstValue("Docker-Content-Digest").orElseThrow());
            long size = response.headers().firstValueAsLong("Content-Length").orElseThrow();
            String type = MediaType.withoutParameters(response.headers().firstValue("Content-Type").orElseThrow());
            if (Digest.isDigest(reference) && !digest.equals(Digest.parse(reference))) {
                throw new RegistryClientException("registry " + transport.registry() + " says " + name + " is "
                        + digest, 200);
            }
            return Optional.of(Descriptor.of(type, digest, size));
        } catch (java.util.NoSuchElementException | IllegalArgumentException e) {
            throw new RegistryClientException("registry " + transport.registry() + " answered HEAD " + name
                    + " without a usable Docker-Content-Digest, Content-Length or Content-Type", 200);
        }
    }

    /** The manifest, or empty when the registry has none under that reference (404). */
    Optional<ParsedManifest> pull(RegistryTransport transport, RepositoryName repository, String reference,
                                  String scope) throws IOException {
        String path = "/v2/" + repository + "/manifests/" + reference;
        HttpResponse<InputStream> response = transport.send(() -> HttpRequest.newBuilder(transport.url(path))
                .header("Accept", ACCEPT).GET(), scope);
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(MAXIMUM_MANIFEST + 1);
        }
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        String name = transport.registry() + "/" + repository + (Digest.isDigest(reference) ? "@" : ":") + reference;
        if (response.statusCode() != 200) {
            throw new RegistryClientException("cannot pull " + name + ": " + transport.registry() + " answered "
                    + response.statusCode() + RegistryErrors.describe(body), response.statusCode());
        }
        if (body.length > MAXIMUM_MANIFEST) {
            throw new RegistryClientException("registry " + transport.registry() + " sent a manifest for " + name
                    + " larger than " + MAXIMUM_MANIFEST + " bytes", 200);
        }
        try {
            String contentType = response.headers().firstValue("Content-Type").orElse(null);
            ParsedManifest parsed = parser.parse(body, contentType, DigestAlgorithm.SHA256);
            if (Digest.isDigest(reference) && !parsed.raw().digest().equals(Digest.parse(reference))) {
                throw new RegistryClientException("registry " + transport.registry() + " sent a manifest for " + name
                        + " that hashes to " + parsed.raw().digest(), 200);
            }
            return Optional.of(parsed);
        } catch (InvalidManifestException e) {
            throw new RegistryClientException("registry " + transport.registry() + " sent an unusable manifest for "
                    + name + ": " + e.getMessage(), 200);
        }
    }
}
