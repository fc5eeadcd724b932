package dev.berth.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The SSH agents of {@code --ssh}, as buildx reads them: {@code default} (or any ID alone) is the caller's agent
 * ({@code SSH_AUTH_SOCK}); {@code ID=SOCKET} an agent's socket; {@code ID=KEY[,KEY...]} private keys, loaded into an
 * agent started for the build ({@code ssh-agent}, OpenSSH's) and stopped when it is over. RUN steps reach an agent
 * through {@code --mount=type=ssh}; keys never enter a layer.
 */
final class SshAgents implements AutoCloseable {

    private final Map<String, Path> sockets = new LinkedHashMap<>();
    private final List<Process> agents = new ArrayList<>();
    private final List<Path> directories = new ArrayList<>();

    static SshAgents read(List<String> values, Map<String, String> environment, UnaryOperator<Path> resolve) {
        SshAgents agents = new SshAgents();
        try {
            for (String value : values) {
                agents.add(value, environment, resolve);
            }
        } catch (RuntimeException e) {
            agents.close();
            throw e;
        }
        return agents;
    }

    /** The agent sockets by id. */
    Map<String, Path> sockets() {
        return Map.copyOf(sockets);
    }

    private void add(String value, Map<String, String> environment, UnaryOperator<Path> resolve) {
        int equals = value.indexOf('=');
        String id = equals < 0 ? value : value.substring(0, equals);
        if (id.isEmpty()) {
            throw new IllegalArgumentException("--ssh " + value + " names no id: use default, or ID=SOCKET_OR_KEY");
        }
        if (equals < 0) {
            String socket = environment.get("SSH_AUTH_SOCK");
            if (socket == null || socket.isBlank()) {
                throw new IllegalArgumentException("--ssh " + id + " forwards your SSH agent, but SSH_AUTH_SOCK is "
                        + "not set: start one (eval $(ssh-agent); ssh-add) or give --ssh " + id + "=KEY_FILE");
            }
            sockets.put(id, Path.of(socket));
            return;
        }
        List<Path> paths = new ArrayList<>();
        for (String path : value.substring(equals + 1).split(",")) {
            Path resolved = resolve.apply(Path.of(path));
            if (!Files.exists(resolved)) {
                throw new IllegalArgumentException("--ssh " + id + ": " + resolved + " does not exist");
            }
            paths.add(resolved);
        }
        if (paths.size() == 1 && isSocket(paths.getFirst())) {
            sockets.put(id, paths.getFirst());
        } else {
            sockets.put(id, agentWith(id, paths));
        }
    }

    /** Starts an agent holding the keys; its socket. */
    private Path agentWith(String id, List<Path> keys) {
        try {
            Path directory = Files.createTempDirectory("berth-ssh");
            directories.add(directory);
            Path socket = directory.resolve("agent.sock");
            Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            agents.add(agent);
            for (int i = 0; i < 200 && !Files.exists(socket) && agent.isAlive(); i++) {
                Thread.sleep(10);
            }
            for (Path key : keys) {
                ProcessBuilder add = new ProcessBuilder("ssh-add", key.toString()).redirectErrorStream(true);
                add.environment().put("SSH_AUTH_SOCK", socket.toString());
                Process adding = add.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
                String output = new String(adding.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (adding.waitFor() != 0) {
                    throw new IllegalArgumentException("--ssh " + id + ": ssh-add cannot load " + key
                            + (output.isEmpty() ? "" : " (" + output.lines().findFirst().orElse("") + ")")
                            + "; an encrypted key needs your own agent: --ssh " + id);
                }
            }
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException("--ssh " + id + ": cannot start ssh-agent (apt-get install "
                    + "openssh-client): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted starting an SSH agent", e);
        }
    }

    private static boolean isSocket(Path path) {
        try {
            return !Files.isRegularFile(path) && !Files.isDirectory(path)
                    && ((Integer) Files.getAttribute(path, "unix:mode") & 0170000) == 0140000;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the agents started for the build and removes their sockets. */
    @Override
    public void close() {
        agents.forEach(Process::destroy);
        for (Path directory : directories) {
            try (var files = Files.walk(directory)) {
                for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException ignored) {
                // An empty temp directory left behind holds nothing secret.
            }
        }
    }
}
