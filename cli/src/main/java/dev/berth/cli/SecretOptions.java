package dev.berth.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The {@code --secret} values of a build as buildx reads them: {@code id=ID,src=FILE} (or {@code type=file}),
 * {@code id=ID,env=VAR} (or {@code type=env}), and a bare {@code id=ID} naming an environment variable. A secret
 * from the environment is written to a file only its owner reads, deleted when the build is over.
 */
final class SecretOptions implements AutoCloseable {

    private final Map<String, Path> files = new LinkedHashMap<>();
    private final List<Path> written = new ArrayList<>();

    /** Reads the values, with relative paths resolved by {@code resolve} and variables from {@code environment}. */
    static SecretOptions read(List<String> values, Map<String, String> environment, UnaryOperator<Path> resolve) {
        SecretOptions secrets = new SecretOptions();
        try {
            for (String value : values) {
                secrets.add(value, environment, resolve);
            }
        } catch (RuntimeException e) {
            secrets.close();
            throw e;
        }
        return secrets;
    }

    /** The secret files by id. */
    Map<String, Path> files() {
        return Map.copyOf(files);
    }

    private void add(String value, Map<String, String> environment, UnaryOperator<Path> resolve) {
        Map<String, String> fields = OptionValues.keyValues(value);
        String id = fields.get("id");
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("--secret " + value + " needs id=ID, with src=FILE or env=VARIABLE");
        }
        String src = fields.getOrDefault("src", fields.get("source"));
        String type = fields.getOrDefault("type", src != null ? "file" : "env");
        switch (type) {
            case "file" -> {
                if (src == null) {
                    throw new IllegalArgumentException("--secret " + value + " needs src=FILE");
                }
                Path file = resolve.apply(Path.of(src));
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException("--secret " + id + ": file " + file + " does not exist");
                }
                files.put(id, file);
            }
            case "env" -> {
                String variable = fields.getOrDefault("env", id);
                String secret = environment.get(variable);
                if (secret == null) {
                    throw new IllegalArgumentException("--secret " + id + ": the environment has no " + variable);
                }
                files.put(id, writeOwnerOnly(secret));
            }
            default -> throw new IllegalArgumentException("--secret " + value + ": type is file or env, not '" + type
                    + "'");
        }
    }

    private Path writeOwnerOnly(String secret) {
        try {
            Path file = Files.createTempFile("berth-secret", "", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
            written.add(file);
            Files.writeString(file, secret, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a secret from the environment: " + e.getMessage(), e);
        }
    }

    /** Deletes the files written for secrets from the environment. */
    @Override
    public void close() {
        for (Path file : written) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // A temp file left behind is only readable by its owner; nothing more can be done here.
            }
        }
    }
}
