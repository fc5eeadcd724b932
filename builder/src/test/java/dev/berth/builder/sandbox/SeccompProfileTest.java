package dev.berth.builder.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The RUN seccomp profile, checked against another implementation's: the default profile of containers/common that
 * podman and buildah use (Debian's golang-github-containers-common, which ./test.sh installs with podman). Every call
 * that profile allows unconditionally must be allowed here too, unless Docker's default profile gates it behind a
 * capability a step does not have; those are listed here, so that a call left out by mistake fails this test.
 */
class SeccompProfileTest {

    private static final Path CONTAINERS_PROFILE = Path.of("/usr/share/containers/seccomp.json");

    /** What Docker leaves to CAP_SYS_ADMIN, CAP_SYS_PTRACE, CAP_SYS_NICE, CAP_SYS_BOOT or denies outright. */
    private static final Set<String> DENIED_AS_DOCKER_DOES = Set.of("mount", "umount", "umount2", "mount_setattr",
            "move_mount", "open_tree", "fsconfig", "fsmount", "fsopen", "fspick", "unshare", "setns", "pivot_root",
            "keyctl", "add_key", "request_key", "name_to_handle_at", "process_vm_readv", "process_vm_writev",
            "pidfd_getfd", "get_mempolicy", "mbind", "set_mempolicy", "set_mempolicy_home_node", "reboot", "clone",
            "clone3", "syslog", "io_uring_setup", "io_uring_enter", "io_uring_register", "vmsplice", "uselib", "userfaultfd");

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyCallThePodmanProfileAllows_isAllowedHere_orDeniedAsDockerDenies() throws Exception {
        assertTrue(Files.exists(CONTAINERS_PROFILE), CONTAINERS_PROFILE + " is missing: install Debian's "
                + "golang-github-containers-common (./test.sh installs it with podman)");
        Set<String> ours = new HashSet<>(SeccompProfile.forHost().allowed());
        Set<String> missing = new TreeSet<>();
        for (JsonNode rule : json.readTree(CONTAINERS_PROFILE.toFile()).get("syscalls")) {
            boolean unconditional = rule.path("action").asText().equals("SCMP_ACT_ALLOW")
                    && rule.path("args").isEmpty() && rule.path("includes").isEmpty()
                    && rule.path("excludes").isEmpty();
            if (unconditional) {
                rule.get("names").forEach(name -> missing.add(name.asText()));
            }
        }
        missing.removeAll(ours);
        missing.removeAll(DENIED_AS_DOCKER_DOES);
        assertEquals(Set.of(), missing, "allowed by podman's profile, but neither allowed nor denied on purpose here");
    }

    @Test
    void namespaceCalls_areDenied_andCloneOnlyWithoutNamespaceFlags() {
        ObjectNode linux = json.createObjectNode();
        SeccompProfile.forHost().writeTo(linux);
        JsonNode seccomp = linux.get("seccomp");
        assertEquals("SCMP_ACT_ERRNO", seccomp.get("defaultAction").asText());
        List<String> unconditional = SeccompProfile.forHost().allowed();
        for (String call : List.of("unshare", "setns", "mount", "keyctl", "bpf", "kexec_load", "init_module",
                "clone", "clone3")) {
            assertTrue(!unconditional.contains(call), call + " must not be allowed without conditions");
        }
        JsonNode clone = null;
        for (JsonNode rule : seccomp.get("syscalls")) {
            if (rule.get("names").get(0).asText().equals("clone")) {
                clone = rule;
            }
        }
        assertEquals("{\"index\":0,\"value\":2114060288,\"valueTwo\":0,\"op\":\"SCMP_CMP_MASKED_EQ\"}",
                clone.get("args").get(0).toString());
    }
}
