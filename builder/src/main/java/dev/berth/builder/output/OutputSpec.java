package dev.berth.builder.output;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where a built image goes, from {@code --output type=...,dest=...}: an OCI layout (a directory, or a tar when dest
 * ends in {@code .tar} or is {@code -}, standard output), a docker-archive tar for {@code docker load} (to standard
 * output with {@code dest=-}), or a registry.
 */
public record OutputSpec(Type type, Path dest, String name) {

    public enum Type { OCI, DOCKER, REGISTRY }

    public static OutputSpec parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : text.split(",")) {
            int equals = field.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("invalid --output '" + text + "': use key=value pairs such as "
                        + "type=oci,dest=out");
            }
            fields.put(field.substring(0, equals).strip().toLowerCase(Locale.ROOT), field.substring(equals + 1));
        }
        String type = fields.getOrDefault("type", "");
        Path dest = fields.containsKey("dest") ? Path.of(fields.get("dest")) : null;
        return switch (type) {
            case "oci", "docker" -> {
                if (dest == null) {
                    throw new IllegalArgumentException("--output type=" + type + " needs dest=PATH");
                }
                yield new OutputSpec(type.equals("oci") ? Type.OCI : Type.DOCKER, dest, fields.get("name"));
            }
            case "registry", "image" -> new OutputSpec(Type.REGISTRY, null, fields.get("name"));
            default -> throw new IllegalArgumentException("unsupported --output type '" + type
                    + "': use type=oci, type=docker or type=registry");
        };
    }

    /** Whether an OCI output goes to a tar file rather than a directory. */
    public boolean isTar() {
        return type == Type.DOCKER || toStandardOutput() || dest.getFileName().toString().endsWith(".tar");
    }

    /** Whether the output is a tar written to standard output ({@code dest=-}). */
    public boolean toStandardOutput() {
        return dest != null && dest.toString().equals("-");
    }
}
