package dev.berth.trust.attach;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.distribution.ArtifactRepository;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.manifest.ImageManifest;
import dev.berth.oci.manifest.InvalidManifestException;
import dev.berth.oci.manifest.ManifestParser;
import dev.berth.oci.manifest.RawManifest;
import dev.berth.trust.policy.PolicyEvaluator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the signature artifacts attached to an image as referrers of one artifact type: each a manifest whose subject
 * is the image and whose one layer is the signature, read only when small enough and parsed by the format. Bounded in
 * count and size; what cannot be read is reported, not fatal, so that one bad artifact cannot hide a good one.
 */
final class ReferrerReader {

    /**
     * Parses an artifact's layer (the referrer's descriptor, with its annotations, alongside), or throws
     * {@link IllegalArgumentException} saying what it is not.
     */
    @FunctionalInterface
    interface Parser<T> {
        T parse(Descriptor referrer, Descriptor layer, byte[] content);
    }

    /** What was read: the parsed artifacts, and why others were skipped. */
    record Read<T>(List<T> artifacts, List<String> skipped) {
    }

    private final ManifestParser parser = new ManifestParser();

    <T> Read<T> read(ArtifactRepository repository, Digest image, String artifactType, int maximum, Parser<T> format)
            throws IOException {
        List<Descriptor> referrers = repository.referrers(image).stream()
                .filter(referrer -> referrer.artifactType() != null && referrer.artifactType()
                        .startsWith(artifactType)).toList();
        if (referrers.size() > PolicyEvaluator.MAXIMUM_SIGNATURES) {
            return new Read<>(List.of(), List.of(repository.name() + "@" + image + " has " + referrers.size()
                    + " referrers of type " + artifactType + "; at most " + PolicyEvaluator.MAXIMUM_SIGNATURES
                    + " are read"));
        }
        List<T> artifacts = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Descriptor referrer : referrers) {
            String where = "the referrer " + repository.name() + "@" + referrer.digest();
            Optional<ImageManifest> manifest = manifest(repository, referrer.digest());
            if (manifest.isEmpty() || manifest.get().subject() == null
                    || !manifest.get().subject().digest().equals(image) || manifest.get().layers().size() != 1) {
                skipped.add(where + " is not a signature of " + image);
                continue;
            }
            Descriptor layer = manifest.get().layers().getFirst();
            if (layer.size() > maximum) {
                skipped.add(where + " is larger than " + maximum + " bytes");
                continue;
            }
            try {
                artifacts.add(format.parse(referrer, layer, repository.smallBlob(layer, maximum)));
            } catch (IllegalArgumentException e) {
                skipped.add(where + ": " + e.getMessage());
            }
        }
        return new Read<>(artifacts, skipped);
    }

    private Optional<ImageManifest> manifest(ArtifactRepository repository, Digest digest) throws IOException {
        Optional<RawManifest> raw = repository.manifest(digest.toString());
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            return parser.parse(raw.get()) instanceof ImageManifest manifest ? Optional.of(manifest)
                    : Optional.empty();
        } catch (InvalidManifestException e) {
            return Optional.empty();
        }
    }
}
