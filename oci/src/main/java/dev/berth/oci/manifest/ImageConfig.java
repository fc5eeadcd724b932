package dev.berth.oci.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.oci.digest.Digest;
import java.util.List;
import java.util.Map;

/**
 * The OCI image configuration: what to run, how, and the layers' uncompressed digests. It holds the fields of the OCI
 * config and of Docker's image spec v1.2 that BuildKit carries from a base image to the images built on it; fields
 * outside it (Docker's {@code container_config}, {@code docker_version}, {@code Hostname}, {@code Memory}, ...) are read
 * without error and dropped, as BuildKit drops them.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ImageConfig(
        String created,
        String author,
        String architecture,
        String os,
        @JsonProperty("os.version") String osVersion,
        @JsonProperty("os.features") List<String> osFeatures,
        String variant,
        ContainerConfig config,
        RootFs rootfs,
        List<History> history) {

    /** The execution parameters of a container made from the image. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record ContainerConfig(
            @JsonProperty("User") String user,
            @JsonProperty("ExposedPorts") Map<String, Map<String, Object>> exposedPorts,
            @JsonProperty("Env") List<String> env,
            @JsonProperty("Entrypoint") List<String> entrypoint,
            @JsonProperty("Cmd") List<String> cmd,
            @JsonProperty("Volumes") Map<String, Map<String, Object>> volumes,
            @JsonProperty("WorkingDir") String workingDir,
            @JsonProperty("Labels") Map<String, String> labels,
            @JsonProperty("StopSignal") String stopSignal,
            @JsonProperty("ArgsEscaped") Boolean argsEscaped,
            @JsonProperty("Healthcheck") HealthConfig healthcheck,
            @JsonProperty("OnBuild") List<String> onBuild,
            @JsonProperty("Shell") List<String> shell) {
    }

    /** How to check the container is healthy; durations in nanoseconds, as Docker stores them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HealthConfig(
            @JsonProperty("Test") List<String> test,
            @JsonProperty("Interval") Long interval,
            @JsonProperty("Timeout") Long timeout,
            @JsonProperty("StartPeriod") Long startPeriod,
            @JsonProperty("StartInterval") Long startInterval,
            @JsonProperty("Retries") Integer retries) {
    }

    /** The uncompressed digests of the layers, bottom first. */
    public record RootFs(String type, @JsonProperty("diff_ids") List<Digest> diffIds) {
    }

    /** One step of how the image was made. */
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public record History(
            String created,
            @JsonProperty("created_by") String createdBy,
            String author,
            String comment,
            @JsonProperty("empty_layer") boolean emptyLayer) {
    }
}
