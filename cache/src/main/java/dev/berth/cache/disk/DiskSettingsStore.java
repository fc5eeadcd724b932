package dev.berth.cache.disk;

import dev.berth.cache.settings.SettingsStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Settings documents as files under {@code settings/}, written durably. */
final class DiskSettingsStore implements SettingsStore {

    private final Path root;
    private final DurableFiles files;

    DiskSettingsStore(Path root, DurableFiles files) {
        this.root = root;
        this.files = files;
    }

    @Override
    public Optional<byte[]> read(String name) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(path(name)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void write(String name, byte[] content) throws IOException {
        files.write(path(name), content);
    }

    @Override
    public boolean delete(String name) throws IOException {
        return Files.deleteIfExists(path(name));
    }

    @Override
    public List<String> list(String folder) {
        String[] names = path(folder).toFile().list();
        List<String> found = new ArrayList<>();
        if (names != null) {
            Arrays.sort(names);
            for (String name : names) {
                found.add(folder.endsWith("/") ? folder + name : folder + "/" + name);
            }
        }
        return found;
    }

    private Path path(String name) {
        return root.resolve(SettingsStore.requireValid(name.endsWith("/") ? name.substring(0, name.length() - 1)
                : name));
    }
}
