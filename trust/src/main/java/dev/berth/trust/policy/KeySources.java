package dev.berth.trust.policy;

import dev.berth.trust.keys.OpenPgpKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the key material a requirement names: files, or inline data. */
final class KeySources {

    private KeySources() {
    }

    /** Each file's or datum's bytes, named for errors. */
    static List<OpenPgpKeys.Source> read(Requirement.KeySource source) throws IOException {
        List<OpenPgpKeys.Source> read = new ArrayList<>();
        switch (source) {
            case Requirement.KeySource.Path path -> read.add(file(path.path()));
            case Requirement.KeySource.Paths paths -> {
                for (String path : paths.paths()) {
                    read.add(file(path));
                }
            }
            case Requirement.KeySource.Data data -> {
                for (int i = 0; i < data.data().size(); i++) {
                    read.add(new OpenPgpKeys.Source(data.data().size() == 1 ? "keyData" : "keyDatas[" + i + "]",
                            data.data().get(i)));
                }
            }
        }
        return read;
    }

    private static OpenPgpKeys.Source file(String path) throws IOException {
        return new OpenPgpKeys.Source(path, Files.readAllBytes(Path.of(path)));
    }
}
