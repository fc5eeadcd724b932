package dev.berth.conformance.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * What BuildKit gives for a differential case where buildah gives something else, read from the case's
 * {@code buildkit.expected}: {@code /path = description} lines (in {@link FlatImage}'s words, or {@code absent}) and
 * {@code config Field = json} lines. Lines starting with {@code #} say why.
 */
record BuildKitExpected(Map<String, String> files, Map<String, JsonNode> config) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static BuildKitExpected read(Path file) throws IOException {
        Map<String, String> files = new TreeMap<>();
        Map<String, JsonNode> config = new TreeMap<>();
        if (!Files.exists(file)) {
            return new BuildKitExpected(files, config);
        }
        for (String line : Files.readAllLines(file)) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            int equals = text.indexOf(" = ");
            if (equals < 0) {
                throw new IllegalArgumentException(file + ": '" + line + "' is not 'PATH = DESCRIPTION'");
            }
            String key = text.substring(0, equals).strip();
            String value = text.substring(equals + 3).strip();
            if (key.startsWith("config ")) {
                config.put(key.substring("config ".length()), JSON.readTree(value));
            } else if (key.startsWith("/")) {
                files.put(key.substring(1), value);
            } else {
                throw new IllegalArgumentException(file + ": '" + key + "' is neither /PATH nor config FIELD");
            }
        }
        return new BuildKitExpected(files, config);
    }
}
