package dev.berth.cli.login;

import java.util.Locale;

/** The registry a user names to log in or out, as Docker accepts it: a host, or a URL with a scheme and a path. */
final class RegistryName {

    private RegistryName() {
    }

    /** The host (and port) of the registry; Docker Hub under any of its names is {@code docker.io}. */
    static String of(String text) {
        String host = text.strip().replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
        int slash = host.indexOf('/');
        host = (slash < 0 ? host : host.substring(0, slash)).toLowerCase(Locale.ROOT);
        if (host.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' names no registry; use a host such as "
                    + "registry.example.com or localhost:5000");
        }
        return switch (host) {
            case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> "docker.io";
            default -> host;
        };
    }
}
