package dev.berth.cache.settings;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Small documents the registry keeps for itself beside the images, such as lifecycle policies set through its API,
 * so that every node sharing the storage reads the same ones. Names are lower-case letters, digits, {@code . _ -}
 * and {@code /} between parts.
 */
public interface SettingsStore {

    Optional<byte[]> read(String name) throws IOException;

    /** Writes the document whole, replacing what was there. */
    void write(String name, byte[] content) throws IOException;

    /** Deletes the document; true if it was there. */
    boolean delete(String name) throws IOException;

    /** The names of the documents under a folder ({@code lifecycle/}), in lexical order. */
    List<String> list(String folder) throws IOException;

    /** Checks a document's name, for the stores. */
    static String requireValid(String name) {
        if (!name.matches("[a-z0-9._-]+(/[a-z0-9._-]+)*") || name.contains("..")) {
            throw new IllegalArgumentException("invalid settings document name '" + name + "'");
        }
        return name;
    }
}
