package dev.berth.trust.attach;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.distribution.ArtifactRepository;
import dev.berth.oci.json.OciJson;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.manifest.ImageManifest;
import dev.berth.oci.manifest.InvalidManifestException;
import dev.berth.oci.manifest.ManifestParser;
import dev.berth.oci.manifest.MediaType;
import dev.berth.oci.manifest.RawManifest;
import dev.berth.trust.format.cosign.CosignSignature;
import dev.berth.trust.policy.PolicyEvaluator;
import dev.berth.trust.verify.CosignKeyVerifier;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cosign's legacy layout: an image's signatures are the layers of the manifest tagged {@code sha256-<hex>.sig} in its
 * repository, each layer a simple-signing payload with the signature in an annotation. Reading is bounded (count and
 * size); appending keeps every signature already there, as {@code cosign sign} does.
 */
public final class CosignTag {

    private final ManifestParser parser = new ManifestParser();

    /** The tag holding an image's cosign signatures. */
    public static String tag(Digest image) {
        return image.algorithm().prefix() + "-" + image.hex() + ".sig";
    }

    /** The cosign signatures of an image; layers that are not readable signatures are listed as skipped. */
    public FoundSignatures read(ArtifactRepository repository, Digest image) throws IOException {
        Optional<ImageManifest> manifest = signatures(repository, image);
        if (manifest.isEmpty()) {
            return FoundSignatures.none();
        }
        List<Descriptor> layers = manifest.get().layers();
        if (layers.size() > PolicyEvaluator.MAXIMUM_SIGNATURES) {
            return new FoundSignatures(List.of(), List.of(), List.of(), List.of(), List.of(where(repository, image)
                    + " has " + layers.size() + " layers; at most " + PolicyEvaluator.MAXIMUM_SIGNATURES
                    + " are read"));
        }
        List<CosignSignature> found = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Descriptor layer : layers) {
            if (layer.size() > CosignKeyVerifier.MAXIMUM_PAYLOAD) {
                skipped.add("a layer of " + where(repository, image) + " is larger than "
                        + CosignKeyVerifier.MAXIMUM_PAYLOAD + " bytes");
                continue;
            }
            byte[] payload = repository.smallBlob(layer, CosignKeyVerifier.MAXIMUM_PAYLOAD);
            try {
                found.add(CosignSignature.ofLayer(layer.mediaType(), payload, layer.annotations() == null ? Map.of()
                        : layer.annotations()));
            } catch (IllegalArgumentException e) {
                skipped.add("a layer of " + where(repository, image) + ": " + e.getMessage());
            }
        }
        return new FoundSignatures(List.of(), found, List.of(), List.of(), skipped);
    }

    /** Adds a signature to the image's {@code .sig} manifest (made if there is none), unless it is there already. */
    public void append(ArtifactRepository repository, Digest image, CosignSignature signature) throws IOException {
        List<Descriptor> layers = new ArrayList<>(signatures(repository, image).map(ImageManifest::layers)
                .orElse(List.of()));
        Descriptor layer = Descriptor.of(signature.mediaType(), Digest.sha256(signature.payload()),
                signature.payload().length).withAnnotations(signature.annotations());
        if (layers.contains(layer)) {
            return;
        }
        layers.add(layer);
        repository.pushBlob(layer, signature.payload());
        byte[] config = config(layers);
        Descriptor configDescriptor = Descriptor.of(MediaType.OCI_CONFIG, Digest.sha256(config), config.length);
        repository.pushBlob(configDescriptor, config);
        ImageManifest manifest = new ImageManifest(2, MediaType.OCI_MANIFEST, null, configDescriptor, layers, null,
                null);
        repository.pushManifest(tag(image), RawManifest.of(MediaType.OCI_MANIFEST, OciJson.mapper()
                .writeValueAsBytes(manifest)));
    }

    private Optional<ImageManifest> signatures(ArtifactRepository repository, Digest image) throws IOException {
        Optional<RawManifest> raw = repository.manifest(tag(image));
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            if (parser.parse(raw.get()) instanceof ImageManifest manifest) {
                return Optional.of(manifest);
            }
        } catch (InvalidManifestException e) {
            throw new IOException(where(repository, image) + " is not a usable manifest: " + e.getMessage());
        }
        throw new IOException(where(repository, image) + " is an index, not cosign's signature manifest");
    }

    /** A config like cosign's: empty, with one diff ID per signature layer. */
    private static byte[] config(List<Descriptor> layers) throws IOException {
        ObjectNode config = OciJson.mapper().createObjectNode();
        config.put("architecture", "");
        config.put("created", "0001-01-01T00:00:00Z");
        ArrayNode history = config.putArray("history");
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        for (Descriptor layer : layers) {
            history.addObject().put("created", "0001-01-01T00:00:00Z");
            diffIds.add(layer.digest().toString());
        }
        config.put("os", "");
        config.putObject("config");
        return OciJson.mapper().writeValueAsBytes(config);
    }

    private static String where(ArtifactRepository repository, Digest image) {
        return repository.name() + ":" + tag(image);
    }
}
