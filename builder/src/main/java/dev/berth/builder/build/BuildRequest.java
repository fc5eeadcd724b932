package dev.berth.builder.build;

import dev.berth.builder.cache.CacheLocation;
import dev.berth.builder.image.ImageFormat;
import dev.berth.builder.layer.Compression;
import dev.berth.builder.output.OutputSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One build as {@code berth build} asks for it.
 *
 * @param target          the stage to build, or null for the last
 * @param sourceDateEpoch SOURCE_DATE_EPOCH, or null
 * @param cacheFrom       build caches to use
 * @param cacheTo         where to export this build's cache
 * @param environment     the caller's environment, where registry logins are found (DOCKER_CONFIG,
 *                        REGISTRY_AUTH_FILE, HOME, PATH for credential helpers)
 * @param image           how the image is written: compression, media types, extra labels
 * @param pull            whether base images are pulled from their registry even when the local store has them
 * @param policy          the signature policy base images must satisfy, if any
 */
public record BuildRequest(Path context, Path dockerfile, List<String> tags, Map<String, String> buildArgs,
                           String target, List<OutputSpec> outputs, boolean noCache, Instant sourceDateEpoch,
                           ImageSpec image, java.util.Set<String> insecureRegistries,
                           List<CacheLocation> cacheFrom, List<CacheLocation> cacheTo, Sandboxing sandboxing,
                           Map<String, String> environment, boolean pull, Optional<ImagePolicy> policy) {

    /**
     * How the image is written.
     *
     * @param compression the layers' compression
     * @param format      OCI or Docker media types ({@code --format})
     * @param labels      {@code --label}s, set on the built image after its own LABELs
     */
    public record ImageSpec(Compression compression, ImageFormat format, Map<String, String> labels) {

        public static final ImageSpec DEFAULT = new ImageSpec(Compression.GZIP, ImageFormat.OCI, Map.of());

        public ImageSpec {
            labels = Map.copyOf(labels);
            if (format == ImageFormat.DOCKER && compression == Compression.ZSTD) {
                throw new IllegalArgumentException("Docker's image format has no zstd layers: use --format oci with "
                        + "--compression zstd");
            }
        }
    }

    /**
     * How RUN steps are sandboxed.
     *
     * @param network      the default network of RUN: default (a namespace of its own with NAT to the host's
     *                     network), none (loopback only), or host (the host's namespace)
     * @param hostLoopback whether RUN on the default network may reach the host's loopback services (at 10.0.2.2)
     * @param secrets     files for {@code RUN --mount=type=secret}, by id
     * @param sshAgents   SSH agent sockets for {@code RUN --mount=type=ssh}, by id
     * @param memoryLimit bytes per step, or 0 for none
     * @param pidsLimit   processes per step, or 0 for none
     * @param snapshotter overlay, copy, or auto (overlay where it works)
     * @param insecureAllowed whether {@code RUN --security=insecure} may run (the security.insecure entitlement)
     */
    public record Sandboxing(String network, boolean hostLoopback, Map<String, Path> secrets,
                             Map<String, Path> sshAgents, long memoryLimit, long pidsLimit, String snapshotter,
                             boolean insecureAllowed) {

        public static final Sandboxing DEFAULT = new Sandboxing("default", false, Map.of(), Map.of(), 0, 0, "auto",
                false);

        public Sandboxing {
            secrets = Map.copyOf(secrets);
            sshAgents = Map.copyOf(sshAgents);
            if (!List.of("auto", "overlay", "copy").contains(snapshotter)) {
                throw new IllegalArgumentException("snapshotter '" + snapshotter + "' is not auto, overlay or copy");
            }
            if (!List.of("default", "none", "host").contains(network)) {
                throw new IllegalArgumentException("network '" + network + "' is not default, none or host");
            }
        }
    }

    public BuildRequest {
        cacheFrom = List.copyOf(cacheFrom);
        cacheTo = List.copyOf(cacheTo);
        insecureRegistries = java.util.Set.copyOf(insecureRegistries);
        tags = List.copyOf(tags);
        buildArgs = Map.copyOf(buildArgs);
        outputs = List.copyOf(outputs);
        environment = Map.copyOf(environment);
    }
}
