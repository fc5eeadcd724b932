package dev.berth.builder.build;

import dev.berth.builder.instruction.Location;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * USER as numbers: names looked up in the step's /etc/passwd and /etc/group, numbers taken as they are. The groups a
 * step runs with are, as in BuildKit, the primary group first (its fix for CVE-2023-25173), then the groups that list
 * the user in /etc/group; a USER that names its group gets no others.
 */
record UserIds(int uid, int gid, List<Integer> groups) {

    static UserIds resolve(String user, Path rootfs, Location at) throws BuildException, IOException {
        if (user == null || user.isEmpty()) {
            return new UserIds(0, 0, List.of(0));
        }
        String[] parts = user.split(":", 2);
        String name = parts[0];
        Integer uid = number(name);
        Integer gid = null;
        String[] passwd = uid == null ? find(rootfs.resolve("etc/passwd"), name, 0)
                : find(rootfs.resolve("etc/passwd"), name, 2);
        if (uid == null) {
            if (passwd == null) {
                throw new BuildException(at, "USER " + name + " is not in the image's /etc/passwd; create the user "
                        + "first or use a numeric id");
            }
            uid = Integer.parseInt(passwd[2]);
        }
        if (parts.length == 2) {
            gid = number(parts[1]);
            if (gid == null) {
                String[] group = find(rootfs.resolve("etc/group"), parts[1], 0);
                if (group == null) {
                    throw new BuildException(at, "group " + parts[1] + " is not in the image's /etc/group");
                }
                gid = Integer.parseInt(group[2]);
            }
            return new UserIds(uid, gid, List.of(gid));
        }
        gid = passwd != null && passwd.length > 3 ? Integer.parseInt(passwd[3]) : 0;
        List<Integer> groups = new ArrayList<>(List.of(gid));
        for (int group : supplementaryGroups(rootfs, passwd == null ? null : passwd[0])) {
            if (!groups.contains(group)) {
                groups.add(group);
            }
        }
        return new UserIds(uid, gid, List.copyOf(groups));
    }

    private static List<Integer> supplementaryGroups(Path rootfs, String userName) throws IOException {
        List<Integer> groups = new ArrayList<>();
        Path file = rootfs.resolve("etc/group");
        if (userName == null || !Files.isRegularFile(file)) {
            return groups;
        }
        for (String line : Files.readAllLines(file)) {
            String[] fields = line.split(":", -1);
            if (fields.length >= 4 && List.of(fields[3].split(",")).contains(userName)) {
                Integer gid = number(fields[2]);
                if (gid != null) {
                    groups.add(gid);
                }
            }
        }
        return groups;
    }

    /** The line whose field at {@code index} equals {@code value}, split on colons; null when none does. */
    private static String[] find(Path file, String value, int index) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        for (String line : Files.readAllLines(file)) {
            String[] fields = line.split(":", -1);
            if (fields.length > Math.max(index, 2) && fields[index].equals(value)) {
                return fields;
            }
        }
        return null;
    }

    private static Integer number(String text) {
        return !text.isEmpty() && text.chars().allMatch(Character::isDigit) ? Integer.parseInt(text) : null;
    }
}
