package dev.berth.registry.manifest;

import dev.berth.oci.manifest.MediaType;
import java.util.Arrays;
import java.util.List;

/**
 * The manifest types a client says it accepts. A client that names no manifest type (no {@code Accept}, or only
 * {@code *}{@code /*} or {@code application/json}) gets whatever is stored; one that names manifest types gets only
 * those, as Distribution does for OCI manifests.
 */
record AcceptedTypes(List<String> types) {

    static AcceptedTypes of(List<String> headerValues) {
        return new AcceptedTypes(headerValues.stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(MediaType::withoutParameters)
                .filter(type -> !type.isEmpty())
                .toList());
    }

    boolean accepts(String mediaType) {
        return types.contains(mediaType) || types.stream().noneMatch(AcceptedTypes::isManifestType);
    }

    private static boolean isManifestType(String type) {
        return MediaType.isManifest(type) || type.equals(MediaType.DOCKER_MANIFEST_V1)
                || type.equals(MediaType.DOCKER_MANIFEST_V1_SIGNED);
    }
}
