package dev.berth.cache.disk;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes the small JSON records the disk store keeps beside the blobs. */
final class Json {

    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    byte[] write(Object value) throws IOException {
        return mapper.writeValueAsBytes(value);
    }

    <T> T read(Path file, Class<T> type) throws IOException {
        try {
            return mapper.readValue(Files.readAllBytes(file), type);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException("record " + file + " is corrupt: " + e.getOriginalMessage(), e);
        }
    }
}
