package dev.berth.builder.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The OCI runtime {@code config.json} of a build step: new mount, PID, IPC, UTS (and, without host networking,
 * network: a new one, or the step's {@link PrivateNetwork}) namespaces; a minimal /dev, /proc and a read-only /sys;
 * Docker's default capabilities and seccomp filter ({@link SeccompProfile}); no new privileges; the host's own
 * rlimits; masked and read-only kernel paths; optional memory and pids limits.
 */
final class RuntimeConfig {

    /** Docker's default capability set. */
    static final List<String> CAPABILITIES = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER",
            "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
            "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");

    /** Every capability, by number (CAP_CHOWN is 0), for {@code RUN --security=insecure}. */
    private static final List<String> ALL_CAPABILITIES = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH",
            "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
            "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK",
            "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT",
            "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
            "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
            "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND",
            "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE");

    private final ObjectMapper json = new ObjectMapper();
    private final SeccompProfile seccomp = SeccompProfile.forHost();

    /**
     * Writes the bundle's config.json.
     *
     * @param networkNamespace the namespace a {@link RunSpec.Network.Private} step joins, else null
     */
    void write(RunSpec spec, Path bundle, List<RunSpec.Mount> systemMounts, HostLimits limits,
               Path networkNamespace) throws IOException {
        ObjectNode config = json.createObjectNode();
        config.put("ociVersion", "1.0.2");
        ObjectNode process = config.putObject("process");
        process.put("terminal", false);
        ObjectNode user = process.putObject("user");
        user.put("uid", spec.uid());
        user.put("gid", spec.gid());
        ArrayNode gids = user.putArray("additionalGids");
        spec.additionalGids().forEach(gids::add);
        ArrayNode args = process.putArray("args");
        spec.argv().forEach(args::add);
        ArrayNode env = process.putArray("env");
        spec.env().forEach(env::add);
        process.put("cwd", spec.cwd());
        ObjectNode capabilities = process.putObject("capabilities");
        for (String set : List.of("bounding", "effective", "permitted")) {
            ArrayNode caps = capabilities.putArray(set);
            (spec.insecure() ? ownCapabilities() : CAPABILITIES).forEach(caps::add);
        }
        process.put("noNewPrivileges", true);
        ArrayNode rlimits = process.putArray("rlimits");
        limits.all().forEach((type, pair) -> rlimits.addObject().put("type", type).put("soft", pair[0])
                .put("hard", pair[1]));
        ObjectNode root = config.putObject("root");
        root.put("path", spec.rootfs().toString());
        root.put("readonly", false);
        config.put("hostname", spec.hostname());
        ArrayNode mounts = config.putArray("mounts");
        for (RunSpec.Mount mount : concat(systemMounts, spec.mounts())) {
            ObjectNode m = mounts.addObject();
            m.put("destination", mount.destination());
            m.put("type", mount.type());
            m.put("source", mount.source());
            ArrayNode options = m.putArray("options");
            mount.options().forEach(options::add);
        }
        ObjectNode linux = config.putObject("linux");
        ArrayNode namespaces = linux.putArray("namespaces");
        for (String namespace : List.of("pid", "ipc", "uts", "mount")) {
            namespaces.addObject().put("type", namespace);
        }
        switch (spec.network()) {
            case RunSpec.Network.None none -> namespaces.addObject().put("type", "network");
            case RunSpec.Network.Private joined -> namespaces.addObject().put("type", "network")
                    .put("path", networkNamespace.toString());
            case RunSpec.Network.Host host -> {
            }
        }
        ObjectNode resources = linux.putObject("resources");
        resources.putArray("devices").addObject().put("allow", false).put("access", "rwm");
        if (spec.memoryLimit() > 0) {
            resources.putObject("memory").put("limit", spec.memoryLimit());
        }
        if (spec.pidsLimit() > 0) {
            resources.putObject("pids").put("limit", spec.pidsLimit());
        }
        if (!spec.insecure()) {
            seccomp.writeTo(linux);
        }
        ArrayNode masked = linux.putArray("maskedPaths");
        List.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
                "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi").forEach(masked::add);
        ArrayNode readonly = linux.putArray("readonlyPaths");
        List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger").forEach(readonly::add);
        Files.write(bundle.resolve("config.json"), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
    }

    /**
     * The capabilities of the builder's own bounding set (from /proc/self/status): an insecure step gets all of them,
     * and cannot get more.
     */
    private static List<String> ownCapabilities() throws IOException {
        String bounding = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("CapBnd:")).findFirst()
                .map(line -> line.substring("CapBnd:".length()).strip())
                .orElseThrow(() -> new IOException("/proc/self/status has no CapBnd line"));
        long bits = Long.parseUnsignedLong(bounding, 16);
        List<String> capabilities = new java.util.ArrayList<>();
        for (int bit = 0; bit < ALL_CAPABILITIES.size(); bit++) {
            if ((bits & (1L << bit)) != 0) {
                capabilities.add(ALL_CAPABILITIES.get(bit));
            }
        }
        return capabilities;
    }

    private static List<RunSpec.Mount> concat(List<RunSpec.Mount> a, List<RunSpec.Mount> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
