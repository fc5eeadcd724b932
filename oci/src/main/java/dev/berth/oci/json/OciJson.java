package dev.berth.oci.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON mapping for image documents (manifests, indexes, configs) from any source: a registry, a layout, an
 * archive. Fields the model does not know are ignored, as the image spec requires ("any extra fields ... MUST NOT
 * generate an error"): Docker's configs carry {@code container_config}, {@code docker_version}, {@code Hostname} and
 * more. A key given twice is an error: two readers taking different values of one document is how signature and
 * policy checks get bypassed. Absent values are left out when writing.
 */
public final class OciJson {

    private OciJson() {
    }

    /** A new mapper configured for image documents; each owner keeps its own. */
    public static JsonMapper mapper() {
        return JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }
}
