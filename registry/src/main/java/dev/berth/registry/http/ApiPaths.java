package dev.berth.registry.http;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The shapes of the paths the registry serves, to tell a request for an endpoint that exists with another method
 * (405) from one for no endpoint at all (404).
 */
final class ApiPaths {

    private static final List<Pattern> PATHS = List.of(
            Pattern.compile("/v2/?"),
            Pattern.compile("/healthz"),
            Pattern.compile("/v2/_catalog"),
            Pattern.compile("/v2/.+/blobs/uploads/?[^/]*"),
            Pattern.compile("/v2/.+/blobs/[^/]+"),
            Pattern.compile("/v2/.+/manifests/[^/]+"),
            Pattern.compile("/v2/.+/tags/list"),
            Pattern.compile("/v2/.+/referrers/[^/]+"));

    private ApiPaths() {
    }

    static boolean isEndpoint(String path) {
        return !path.contains("/../") && !path.endsWith("/..")
                && PATHS.stream().anyMatch(pattern -> pattern.matcher(path).matches());
    }
}
