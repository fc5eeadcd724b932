package dev.berth.conformance.interop;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** buildah and podman (Debian's) with their storage under a test's directory, failing with their output. */
final class ContainerTools {

    private ContainerTools() {
    }

    static String buildah(Path storage, String... arguments) {
        return Tool.run(withStorage("buildah", storage, arguments));
    }

    static String podman(Path storage, String... arguments) {
        return Tool.run(withStorage("podman", storage, arguments));
    }

    private static List<String> withStorage(String tool, Path storage, String... arguments) {
        List<String> command = new ArrayList<>(List.of(tool, "--storage-driver", "vfs",
                "--root", storage.resolve("root").toString(), "--runroot", storage.resolve("run").toString()));
        command.addAll(List.of(arguments));
        return command;
    }
}
