package dev.berth.builder.sandbox;

import java.nio.file.Path;
import java.util.List;

/**
 * What to run in a sandbox: the root filesystem, the process (argument vector, environment, working directory,
 * user), the network, extra mounts, and resource limits.
 *
 * @param memoryLimit bytes, or 0 for none
 * @param pidsLimit   processes, or 0 for none
 * @param insecure    {@code RUN --security=insecure}: every capability and no seccomp filter, as BuildKit gives it
 */
public record RunSpec(Path rootfs, List<String> argv, List<String> env, String cwd, int uid, int gid,
                      List<Integer> additionalGids, Network network, List<Mount> mounts, String hostname,
                      long memoryLimit, long pidsLimit, boolean insecure) {

    public RunSpec {
        argv = List.copyOf(argv);
        env = List.copyOf(env);
        additionalGids = List.copyOf(additionalGids);
        mounts = List.copyOf(mounts);
    }

    /** How the sandbox reaches the network. */
    public sealed interface Network {
        /** A network namespace of its own with loopback only. */
        record None() implements Network {
        }

        /**
         * A network namespace of its own that reaches the network as the host does, through user-mode NAT.
         *
         * @param hostLoopback whether the host's loopback services are reachable (at 10.0.2.2)
         */
        record Private(boolean hostLoopback) implements Network {
        }

        /** The host's network namespace itself. */
        record Host() implements Network {
        }
    }

    /** A mount in the sandbox, as the OCI runtime spec describes one. */
    public record Mount(String destination, String type, String source, List<String> options) {
        public Mount {
            options = List.copyOf(options);
        }

        public static Mount bind(Path source, String destination, boolean readOnly) {
            return new Mount(destination, "bind", source.toString(),
                    readOnly ? List.of("rbind", "ro") : List.of("rbind", "rw"));
        }
    }
}
