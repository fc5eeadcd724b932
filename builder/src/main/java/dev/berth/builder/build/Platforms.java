package dev.berth.builder.build;

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

    /** TARGETPLATFORM and friends, and their BUILD counterparts; both are this machine for now. */
    static Map<String, String> predefinedArgs() {
        String os = "linux";
        String arch = architecture();
        return Map.of(
                "TARGETPLATFORM", os + "/" + arch, "TARGETOS", os, "TARGETARCH", arch, "TARGETVARIANT", "",
                "BUILDPLATFORM", os + "/" + arch, "BUILDOS", os, "BUILDARCH", arch, "BUILDVARIANT", "");
    }
}
