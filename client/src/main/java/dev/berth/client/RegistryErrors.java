package dev.berth.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** What a registry's error body says ({@code {"errors": [{"code", "message"}]}}), to pass on to people. */
final class RegistryErrors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAXIMUM = 2000;

    private RegistryErrors() {
    }

    /** {@code " (CODE: message; …)"}, or nothing when the body is not the distribution API's error JSON. */
    static String describe(byte[] body) {
        try {
            JsonNode errors = JSON.readTree(body).path("errors");
            List<String> described = new ArrayList<>();
            for (JsonNode error : errors) {
                String text = error.path("code").asText("") + ": " + error.path("message").asText("");
                described.add(text.length() > MAXIMUM ? text.substring(0, MAXIMUM) + "…" : text);
            }
            return described.isEmpty() ? "" : " (" + String.join("; ", described) + ")";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
