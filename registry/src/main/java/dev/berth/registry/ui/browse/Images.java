package dev.berth.registry.ui.browse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.berth.cache.blob.BlobStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.json.OciJson;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.manifest.ImageConfig;
import dev.berth.oci.manifest.ImageIndex;
import dev.berth.oci.manifest.ImageManifest;
import dev.berth.oci.manifest.InvalidManifestException;
import dev.berth.oci.manifest.Manifest;
import dev.berth.oci.manifest.ManifestParser;
import dev.berth.oci.manifest.MediaType;
import dev.berth.oci.manifest.Platform;
import dev.berth.oci.manifest.RawManifest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads manifests and image configs from the blob store for the pages, and remembers the {@link ImageFacts} of each
 * manifest: content is addressed by its digest, so what was read once never changes.
 */
public final class Images {

    /** The largest config read to show; a config is a few kilobytes, and the page would be no use beyond this. */
    static final int MAXIMUM_CONFIG = 4 * 1024 * 1024;

    private final BlobStore blobs;
    private final ManifestParser parser = new ManifestParser();
    private final ObjectMapper json = OciJson.mapper();
    private final Cache<Digest, ImageFacts> facts = Caffeine.newBuilder().maximumSize(50_000).build();

    public Images(BlobStore blobs) {
        this.blobs = blobs;
    }

    /** A manifest as stored: its bytes and what they say. */
    public record Read(RawManifest raw, Manifest manifest) {
    }

    /** The manifest, if its bytes are in the store and are one. */
    public Optional<Read> manifest(Digest digest, String mediaType) throws IOException {
        Optional<byte[]> bytes = bytes(digest, Long.MAX_VALUE);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        RawManifest raw = new RawManifest(mediaType, bytes.get(), digest);
        try {
            return Optional.of(new Read(raw, parser.parse(raw)));
        } catch (InvalidManifestException e) {
            return Optional.empty();
        }
    }

    /** An image's config, if it is one and not too large to show. */
    public Optional<byte[]> config(Descriptor config) throws IOException {
        boolean image = config.mediaType().equals(MediaType.OCI_CONFIG)
                || config.mediaType().equals(MediaType.DOCKER_CONFIG);
        return image ? bytes(config.digest(), MAXIMUM_CONFIG) : Optional.empty();
    }

    /** An image config's fields, if the bytes are one. */
    public Optional<ImageConfig> parseConfig(byte[] bytes) {
        try {
            return Optional.of(json.readValue(bytes, ImageConfig.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public ImageFacts facts(Digest digest, String mediaType) throws IOException {
        ImageFacts known = facts.getIfPresent(digest);
        if (known == null) {
            known = read(digest, mediaType, 0);
            facts.put(digest, known);
        }
        return known;
    }

    private ImageFacts read(Digest digest, String mediaType, int depth) throws IOException {
        Optional<Read> found = manifest(digest, mediaType);
        if (found.isEmpty()) {
            return new ImageFacts(List.of(), 0, 0);
        }
        long size = found.get().raw().size();
        return switch (found.get().manifest()) {
            case ImageManifest image -> {
                for (Descriptor blob : image.blobs()) {
                    size += blob.size();
                }
                List<String> platform = config(image.config()).flatMap(this::parseConfig)
                        .filter(config -> config.os() != null && config.architecture() != null)
                        .map(config -> List.of(platform(new Platform(config.architecture(), config.os(), null, null,
                                config.variant())))).orElse(List.of());
                yield new ImageFacts(platform, size, 0);
            }
            case ImageIndex index -> {
                List<String> platforms = new ArrayList<>();
                int attestations = 0;
                for (Descriptor child : index.manifests()) {
                    boolean attestation = child.platform() != null && "unknown".equals(child.platform().os());
                    if (attestation) {
                        attestations++;
                    } else if (child.platform() != null) {
                        platforms.add(platform(child.platform()));
                    }
                    size += depth < 2 ? read(child.digest(), child.mediaType(), depth + 1).size() : child.size();
                }
                yield new ImageFacts(platforms, size, attestations);
            }
        };
    }

    /** {@code os/architecture[/variant]}, as docker's {@code --platform} writes it. */
    public static String platform(Platform platform) {
        return platform.os() + "/" + platform.architecture()
                + (platform.variant() == null || platform.variant().isEmpty() ? "" : "/" + platform.variant());
    }

    private Optional<byte[]> bytes(Digest digest, long maximum) throws IOException {
        Optional<Long> size = blobs.stat(digest).map(info -> info.size());
        if (size.isEmpty() || size.get() > maximum) {
            return Optional.empty();
        }
        return Optional.of(blobs.readAll(digest));
    }
}
