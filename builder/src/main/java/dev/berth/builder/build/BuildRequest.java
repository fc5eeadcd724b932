package dev.berth.builder.build;

import dev.berth.builder.layer.Compression;
import dev.berth.builder.output.OutputSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One build as {@code berth build} asks for it.
 *
 * @param target          the stage to build, or null for the last
 * @param sourceDateEpoch SOURCE_DATE_EPOCH, or null
 * @param cacheFrom       registry references of build caches to use
 * @param cacheTo         registry references to export this build's cache to
 */
public record BuildRequest(Path context, Path dockerfile, List<String> tags, Map<String, String> buildArgs,
                           String target, List<OutputSpec> outputs, boolean noCache, Instant sourceDateEpoch,
                           Compression compression, java.util.Set<String> insecureRegistries,
                           List<String> cacheFrom, List<String> cacheTo) {

    public BuildRequest {
        cacheFrom = List.copyOf(cacheFrom);
        cacheTo = List.copyOf(cacheTo);
        insecureRegistries = java.util.Set.copyOf(insecureRegistries);
        tags = List.copyOf(tags);
        buildArgs = Map.copyOf(buildArgs);
        outputs = List.copyOf(outputs);
    }
}
