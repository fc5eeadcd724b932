package dev.berth.builder.build;

import dev.berth.oci.manifest.Platform;
import java.util.Locale;
import java.util.Map;

/** The platform the builder runs on and builds for, and the predefined ARGs that describe it. */
final class Platforms {

    private Platforms() {
    }

    static String architecture() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }

    /** The platform images are built for: this machine's. */
    static Platform target() {
        return Platform.of("linux", architecture());
    }

    /** Parses {@code os/arch[/variant]}, such as {@code linux/arm64/v8}. */
    static Platform parse(String text) {
        String[] parts = text.split("/");
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' is not a platform; write os/arch[/variant], such as "
                    + "linux/amd64 or linux/arm64/v8");
        }
        return new Platform(parts[1], parts[0], null, null, parts.length == 3 ? parts[2] : null);
    }

    /** TARGETPLATFORM and friends, and their BUILD counterparts; both are this machine for now. */
    static Map<String, String> predefinedArgs() {
        String os = "linux";
        String arch = architecture();
        return Map.of(
                "TARGETPLATFORM", os + "/" + arch, "TARGETOS", os, "TARGETARCH", arch, "TARGETVARIANT", "",
                "BUILDPLATFORM", os + "/" + arch, "BUILDOS", os, "BUILDARCH", arch, "BUILDVARIANT", "");
    }
}
