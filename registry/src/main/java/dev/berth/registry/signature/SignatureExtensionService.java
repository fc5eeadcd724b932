package dev.berth.registry.signature;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cache.repository.ManifestRecord;
import dev.berth.cache.storage.Storage;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.ErrorCode;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.registry.http.RegistryException;
import dev.berth.registry.http.Requests;
import dev.berth.registry.manifest.ManifestPush;
import dev.berth.trust.attach.AtomicSignatures;
import dev.berth.trust.verify.OpenPgpVerifier;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Optional;

/**
 * The signature API extension containers/image uses when a registry answers {@code /v2/} with
 * {@code X-Registry-Supports-Signatures: 1} (OpenShift's): {@code GET /extensions/v2/<name>/signatures/<digest>} lists
 * a manifest's GPG simple signing signatures, and {@code PUT} adds one. So {@code skopeo copy --sign-by} and
 * {@code podman push --sign-by} store their signatures in Berth, and podman's {@code signedBy} policies read them from
 * it; Berth keeps them as referrers, where its own policy checks find them.
 */
public final class SignatureExtensionService implements HttpService {

    private static final int MAXIMUM_BODY = 2 * OpenPgpVerifier.MAXIMUM_BYTES;

    private final Storage storage;
    private final ObjectMapper json;
    private final ManifestPush push;
    private final Optional<SignatureEnforcement> enforcement;
    private final AtomicSignatures signatures = new AtomicSignatures();

    public SignatureExtensionService(Storage storage, ObjectMapper json, ManifestPush push,
                                     Optional<SignatureEnforcement> enforcement) {
        this.storage = storage;
        this.json = json;
        this.push = push;
        this.enforcement = enforcement;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/extensions/v2/{name:.+}/signatures/{digest}", this::list)
                .put("/extensions/v2/{name:.+}/signatures/{digest}", this::add);
    }

    private void list(ServerRequest request, ServerResponse response) throws RegistryException, IOException {
        RepositoryName repository = Requests.repository(request);
        ManifestRecord manifest = manifest(repository, request);
        ObjectNode body = json.createObjectNode();
        var list = body.putArray("signatures");
        for (AtomicSignatures.Stored stored : signatures.list(repository(repository), manifest.digest())) {
            ObjectNode signature = list.addObject();
            signature.put("schemaVersion", 2);
            signature.put("name", stored.name());
            signature.put("type", "atomic");
            signature.put("content", Base64.getEncoder().encodeToString(stored.signature()));
        }
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.send(json.writeValueAsBytes(body));
    }

    private void add(ServerRequest request, ServerResponse response) throws RegistryException, IOException {
        RepositoryName repository = Requests.repository(request);
        ManifestRecord manifest = manifest(repository, request);
        JsonNode body;
        try (InputStream in = request.content().inputStream()) {
            byte[] read = in.readNBytes(MAXIMUM_BODY + 1);
            if (read.length > MAXIMUM_BODY) {
                throw RegistryException.of(ErrorCode.SIZE_INVALID, "a signature is at most "
                        + OpenPgpVerifier.MAXIMUM_BYTES + " bytes");
            }
            body = json.readTree(read);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw invalid("the body is not JSON");
        }
        if (body == null || body.path("schemaVersion").asInt() != 2 || !"atomic".equals(body.path("type").asText())) {
            throw invalid("only schemaVersion 2 signatures of type atomic are kept");
        }
        String name = body.path("name").asText("");
        if (!name.startsWith(manifest.digest() + "@") || name.length() > 256) {
            throw invalid("the signature's name must be " + manifest.digest() + "@<unique name>");
        }
        byte[] content;
        try {
            content = Base64.getDecoder().decode(body.path("content").asText(""));
        } catch (IllegalArgumentException e) {
            throw invalid("the signature's content is not base64");
        }
        if (content.length == 0 || content.length > OpenPgpVerifier.MAXIMUM_BYTES) {
            throw invalid("the signature's content is empty or larger than " + OpenPgpVerifier.MAXIMUM_BYTES
                    + " bytes");
        }
        StoredRepository stored = repository(repository);
        boolean known = signatures.list(stored, manifest.digest()).stream()
                .anyMatch(existing -> java.util.Arrays.equals(existing.signature(), content));
        if (!known) {
            signatures.attach(stored, dev.berth.oci.manifest.Descriptor.of(manifest.mediaType(), manifest.digest(),
                    manifest.size()), name, content);
            enforcement.ifPresent(policy -> policy.signaturesChanged(repository, manifest.digest()));
        }
        response.status(Status.CREATED_201);
        response.send();
    }

    private ManifestRecord manifest(RepositoryName repository, ServerRequest request)
            throws RegistryException, IOException {
        Digest digest = Requests.digest(request.path().pathParameters().get("digest"));
        return storage.repositories().manifest(repository, digest).orElseThrow(() -> RegistryException.of(
                ErrorCode.MANIFEST_UNKNOWN, "manifest " + digest + " is not in " + repository));
    }

    private StoredRepository repository(RepositoryName repository) {
        return new StoredRepository(storage, repository, repository.toString(), push);
    }

    private static RegistryException invalid(String message) {
        return RegistryException.of(ErrorCode.MANIFEST_INVALID, message);
    }
}
