package dev.berth.builder.build;

import dev.berth.builder.layer.Compression;
import java.time.Instant;
import java.util.Map;

/**
 * What stays the same across a build's steps.
 *
 * @param buildArgs       {@code --build-arg} values
 * @param sourceDateEpoch when set, the latest time any file or history entry may carry
 * @param started         when the build started: the creation time of the layers it makes
 * @param network         RUN's network when the instruction names none: default, none or host
 * @param hostLoopback    whether RUN on the default network may reach the host's loopback services
 * @param memoryLimit     bytes a RUN step may use, or 0 for no limit
 * @param pidsLimit       processes a RUN step may have, or 0 for no limit
 * @param insecureAllowed whether {@code RUN --security=insecure} may run
 */
public record BuildSettings(Map<String, String> buildArgs, Instant sourceDateEpoch, Instant started,
                            Compression compression, boolean noCache, String network, boolean hostLoopback,
                            long memoryLimit, long pidsLimit, boolean insecureAllowed) {

    public BuildSettings {
        buildArgs = Map.copyOf(buildArgs);
    }
}
