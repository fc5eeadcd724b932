package dev.berth.cache.s3;

import dev.berth.cache.settings.SettingsStore;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/** Settings documents as objects under {@code <prefix>settings/}. */
public final class S3SettingsStore implements SettingsStore {

    private final S3Objects objects;

    public S3SettingsStore(S3Client s3, S3Settings settings) {
        this.objects = new S3Objects(s3, settings);
    }

    @Override
    public Optional<byte[]> read(String name) throws IOException {
        return objects.get(key(name));
    }

    @Override
    public void write(String name, byte[] content) throws IOException {
        objects.put(key(name), content);
    }

    @Override
    public boolean delete(String name) throws IOException {
        return objects.delete(key(name));
    }

    @Override
    public List<String> list(String folder) throws IOException {
        String prefix = objects.key("settings/");
        String under = key(folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder) + "/";
        return objects.list(under).stream().map(object -> object.key().substring(prefix.length())).toList();
    }

    private String key(String name) {
        return objects.key("settings/" + SettingsStore.requireValid(name));
    }
}
