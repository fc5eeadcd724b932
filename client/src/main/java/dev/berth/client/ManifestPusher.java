package dev.berth.client;

import dev.berth.oci.manifest.RawManifest;
import dev.berth.oci.reference.RepositoryName;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** {@code PUT /v2/<name>/manifests/<reference>}: a manifest under a tag or its digest. */
final class ManifestPusher {

    /**
     * Pushes the manifest and returns the registry's answer (whose {@code OCI-Subject} header says whether it keeps
     * referrers itself).
     */
    HttpResponse<InputStream> push(RegistryTransport transport, RepositoryName repository, String reference,
                                   RawManifest manifest, String scope) throws IOException {
        String path = "/v2/" + repository + "/manifests/" + reference;
        HttpResponse<InputStream> response = transport.send(() -> HttpRequest.newBuilder(transport.url(path))
                .header("Content-Type", manifest.mediaType())
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest.bytes())), scope);
        return BlobPusher.expect(response, 201, "pushing the manifest " + transport.registry() + "/" + repository
                + (reference.contains(":") ? "@" : ":") + reference, transport);
    }
}
