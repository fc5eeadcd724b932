package dev.berth.builder.copy;

import dev.berth.builder.image.ImageFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The numeric owner of copied files, from {@code --chown=user[:group]} with names looked up in the image. */
public record Owner(int uid, int gid) {

    public static final Owner ROOT = new Owner(0, 0);

    /** Resolves {@code user[:group]}: numbers as they are, names in the image's /etc/passwd and /etc/group. */
    public static Owner resolve(String chown, ImageFiles image) throws CopyException, IOException {
        String[] parts = chown.split(":", 2);
        String user = parts[0];
        String group = parts.length == 2 ? parts[1] : null;
        if (user.isEmpty()) {
            throw new CopyException("--chown '" + chown + "' names no user");
        }
        int uid;
        Integer primaryGid = null;
        if (isNumber(user)) {
            uid = Integer.parseInt(user);
        } else {
            String[] entry = find(image, "/etc/passwd", user).orElseThrow(() -> new CopyException(
                    "--chown user '" + user + "' is not in the image's /etc/passwd; use a numeric id or create it"));
            uid = parseId(entry, 2, "/etc/passwd", user);
            primaryGid = parseId(entry, 3, "/etc/passwd", user);
        }
        int gid;
        if (group == null || group.isEmpty()) {
            gid = primaryGid != null ? primaryGid : uid;
        } else if (isNumber(group)) {
            gid = Integer.parseInt(group);
        } else {
            String[] entry = find(image, "/etc/group", group).orElseThrow(() -> new CopyException(
                    "--chown group '" + group + "' is not in the image's /etc/group; use a numeric id or create it"));
            gid = parseId(entry, 2, "/etc/group", group);
        }
        return new Owner(uid, gid);
    }

    private static Optional<String[]> find(ImageFiles image, String file, String name) throws IOException {
        Optional<byte[]> content = image.read(file);
        if (content.isEmpty()) {
            return Optional.empty();
        }
        for (String line : new String(content.get(), StandardCharsets.UTF_8).split("\n")) {
            String[] fields = line.split(":", -1);
            if (fields.length >= 3 && fields[0].equals(name)) {
                return Optional.of(fields);
            }
        }
        return Optional.empty();
    }

    private static int parseId(String[] fields, int index, String file, String name) throws CopyException {
        try {
            return Integer.parseInt(fields[index]);
        } catch (RuntimeException e) {
            throw new CopyException("the entry for '" + name + "' in the image's " + file + " has no valid id");
        }
    }

    private static boolean isNumber(String text) {
        return !text.isEmpty() && text.chars().allMatch(Character::isDigit);
    }
}
