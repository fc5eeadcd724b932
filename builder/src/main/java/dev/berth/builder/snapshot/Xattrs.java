package dev.berth.builder.snapshot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the extended attributes of changed files (file capabilities, user attributes) with {@code getfattr}, as the
 * JDK only reads the {@code user.} namespace. overlayfs's own and SELinux labels are left out.
 */
final class Xattrs {

    private Xattrs() {
    }

    /** The attributes of each path (relative to root) that has any; nothing when getfattr is missing. */
    static Map<String, Map<String, byte[]>> read(Path root, List<String> paths) throws IOException {
        Map<String, Map<String, byte[]>> found = new HashMap<>();
        if (paths.isEmpty() || !Commands.exists("getfattr")) {
            return found;
        }
        for (int from = 0; from < paths.size(); from += 500) {
            List<String> command = new ArrayList<>(List.of("getfattr", "-h", "--absolute-names", "-d", "-m", "-",
                    "-e", "base64"));
            paths.subList(from, Math.min(paths.size(), from + 500)).forEach(p -> command.add(root.resolve(p)
                    .toString()));
            parse(Commands.run(command.toArray(String[]::new)), root, found);
        }
        return found;
    }

    private static void parse(String dump, Path root, Map<String, Map<String, byte[]>> found) {
        String current = null;
        for (String line : dump.split("\n")) {
            if (line.startsWith("# file: ")) {
                current = root.relativize(Path.of(line.substring("# file: ".length()))).toString();
                continue;
            }
            int equals = line.indexOf('=');
            if (current == null || equals <= 0) {
                continue;
            }
            String name = line.substring(0, equals);
            String value = line.substring(equals + 1);
            if (name.startsWith("trusted.overlay.") || name.equals("security.selinux") || !value.startsWith("0s")) {
                continue;
            }
            found.computeIfAbsent(current, k -> new HashMap<>()).put(name,
                    Base64.getDecoder().decode(value.substring(2)));
        }
    }
}
