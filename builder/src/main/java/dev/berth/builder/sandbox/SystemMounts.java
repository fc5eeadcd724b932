package dev.berth.builder.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * The mounts every step gets: /proc, a minimal /dev, a read-only /sys with the step's own cgroups, and the /etc files
 * of the bundle.
 */
final class SystemMounts {

    private SystemMounts() {
    }

    static List<RunSpec.Mount> with(List<RunSpec.Mount> etcFiles) {
        List<RunSpec.Mount> mounts = new ArrayList<>(List.of(
                new RunSpec.Mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
                new RunSpec.Mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755",
                        "size=65536k")),
                new RunSpec.Mount("/dev/pts", "devpts", "devpts", List.of("nosuid", "noexec", "newinstance",
                        "ptmxmode=0666", "mode=0620", "gid=5")),
                new RunSpec.Mount("/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777",
                        "size=65536k")),
                new RunSpec.Mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
                new RunSpec.Mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")),
                new RunSpec.Mount("/sys/fs/cgroup", "cgroup", "cgroup", List.of("nosuid", "noexec", "nodev",
                        "relatime", "ro"))));
        mounts.addAll(etcFiles);
        return mounts;
    }
}
