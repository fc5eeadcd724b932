package dev.berth.registry.ui;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Query encoding for the tests. */
final class UiPathsTestSupport {

    private UiPathsTestSupport() {
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
