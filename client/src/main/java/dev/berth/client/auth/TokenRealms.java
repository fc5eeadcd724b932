package dev.berth.client.auth;

import java.net.URI;
import java.util.Locale;

/**
 * Whom a client sends a registry's credentials to when the registry's challenge names a token realm: the registry's
 * own host, or a host under the same parent domain ({@code auth.docker.io} for {@code registry-1.docker.io} and for
 * {@code docker.io}), over HTTPS unless the registry itself is reached over plain HTTP. Any other realm gets the token
 * request without them: a registry must not be able to send a client's password elsewhere (as Distribution's proxy
 * did, CVE-2026-33540).
 */
public final class TokenRealms {

    private TokenRealms() {
    }

    /** Whether the credentials for {@code registryHost} (no port) may go to the realm. */
    public static boolean mayReceiveCredentials(String registryHost, boolean registryOverHttps, URI realm) {
        String host = realm.getHost();
        if (host == null || realm.getScheme() == null) {
            return false;
        }
        if (registryOverHttps && !realm.getScheme().equalsIgnoreCase("https")) {
            return false;
        }
        host = host.toLowerCase(Locale.ROOT);
        String registry = registryHost.toLowerCase(Locale.ROOT);
        if (host.equals(registry)) {
            return true;
        }
        if (registry.chars().filter(c -> c == '.').count() < 1 || registry.matches("[0-9.]+|\\[.*]")) {
            return false;   // localhost, an IP address: that host alone
        }
        String parent = registry.chars().filter(c -> c == '.').count() >= 2
                ? registry.substring(registry.indexOf('.') + 1) : registry;
        return host.endsWith("." + parent);
    }
}
