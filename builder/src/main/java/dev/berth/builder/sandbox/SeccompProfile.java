package dev.berth.builder.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The seccomp filter of a RUN step, equivalent to Docker's default profile for a container with Docker's default
 * capabilities: the allow-list of {@code seccomp-allowed.txt}, clone only without namespace flags (no new user,
 * mount or network namespaces), personality only with the values Docker allows, clone3 answered with ENOSYS so that
 * C libraries fall back to clone, and every other call failing with EPERM. Written into the runtime config's
 * {@code linux.seccomp}, where runc loads it with libseccomp.
 */
final class SeccompProfile {

    /** CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID and NEWNET: clone may set none of them. */
    private static final long NAMESPACE_FLAGS = 0x7E020000L;
    private static final List<Long> PERSONALITIES = List.of(0x0L, 0x8L, 0x20000L, 0x20008L, 0xffffffffL);
    private static final int EPERM = 1;
    private static final int ENOSYS = 38;

    private final List<String> allowed;
    private final String hostArchitecture;

    private SeccompProfile(List<String> allowed, String hostArchitecture) {
        this.allowed = allowed;
        this.hostArchitecture = hostArchitecture;
    }

    /** The profile for this machine's architecture ({@code os.arch}: amd64 or aarch64). */
    static SeccompProfile forHost() {
        return new SeccompProfile(readAllowed(), System.getProperty("os.arch"));
    }

    /** The system calls allowed without conditions. */
    List<String> allowed() {
        return allowed;
    }

    /** Writes the profile as the OCI runtime spec's {@code linux.seccomp} object. */
    void writeTo(ObjectNode linux) {
        ObjectNode seccomp = linux.putObject("seccomp");
        seccomp.put("defaultAction", "SCMP_ACT_ERRNO");
        seccomp.put("defaultErrnoRet", EPERM);
        ArrayNode architectures = seccomp.putArray("architectures");
        boolean arm = hostArchitecture.equals("aarch64") || hostArchitecture.equals("arm64");
        (arm ? List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM")
                : List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32")).forEach(architectures::add);
        ArrayNode syscalls = seccomp.putArray("syscalls");
        allow(syscalls, allowed);
        allow(syscalls, arm ? List.of("arm_fadvise64_64", "arm_sync_file_range", "sync_file_range2", "breakpoint",
                "cacheflush", "set_tls") : List.of("arch_prctl", "modify_ldt"));
        ObjectNode clone = allow(syscalls, List.of("clone"));
        clone.putArray("args").addObject().put("index", 0).put("value", NAMESPACE_FLAGS).put("valueTwo", 0)
                .put("op", "SCMP_CMP_MASKED_EQ");
        for (long persona : PERSONALITIES) {
            allow(syscalls, List.of("personality")).putArray("args").addObject().put("index", 0).put("value", persona)
                    .put("op", "SCMP_CMP_EQ");
        }
        ObjectNode clone3 = syscalls.addObject();
        clone3.putArray("names").add("clone3");
        clone3.put("action", "SCMP_ACT_ERRNO");
        clone3.put("errnoRet", ENOSYS);
    }

    private static ObjectNode allow(ArrayNode syscalls, List<String> names) {
        ObjectNode rule = syscalls.addObject();
        names.forEach(rule.putArray("names")::add);
        rule.put("action", "SCMP_ACT_ALLOW");
        return rule;
    }

    private static List<String> readAllowed() {
        try (InputStream in = SeccompProfile.class.getResourceAsStream("seccomp-allowed.txt")) {
            if (in == null) {
                throw new IllegalStateException("seccomp-allowed.txt is missing from Berth's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.startsWith("#"))
                    .flatMap(line -> Arrays.stream(line.trim().split("\\s+")))
                    .filter(name -> !name.isEmpty())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
