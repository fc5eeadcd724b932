package dev.berth.builder.build;

import dev.berth.builder.context.BuildContext;
import dev.berth.oci.digest.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where RUN --mount takes its sources: the context or stages, the cache-mount directory, --secret files, --ssh agent
 * sockets.
 */
final class MountSources implements RunMounts.Sources {
    private final BuildContext context;
    private final StageSources stages;
    private final Map<String, Path> secrets;
    private final Map<String, Path> sshAgents;
    private final Path cacheMounts;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final java.util.Set<String> inUse = ConcurrentHashMap.newKeySet();

    MountSources(BuildContext context, StageSources stages, Map<String, Path> secrets, Map<String, Path> sshAgents,
                 Path cacheMounts) {
        this.context = context;
        this.stages = stages;
        this.secrets = secrets;
        this.sshAgents = sshAgents;
        this.cacheMounts = cacheMounts;
    }

    @Override
    public Path bindRoot(String from) throws BuildException, IOException {
        if (from == null || from.isEmpty()) {
            return context.root();
        }
        return stages.source(from, null).rootfs().get();
    }

    @Override
    public RunMounts.CacheUse cacheDirectory(String id, String sharing) throws IOException {
        String name = Digest.sha256(id.getBytes(StandardCharsets.UTF_8)).hex();
        if (sharing.equals("locked")) {
            ReentrantLock lock = locks.computeIfAbsent(name, k -> new ReentrantLock());
            lock.lock();
            return new RunMounts.CacheUse(Files.createDirectories(cacheMounts.resolve(name)), lock::unlock);
        }
        if (sharing.equals("private")) {
            for (int instance = 0; ; instance++) {
                String candidate = instance == 0 ? name : name + "-" + instance;
                if (inUse.add(candidate)) {
                    return new RunMounts.CacheUse(Files.createDirectories(cacheMounts.resolve(candidate)),
                            () -> inUse.remove(candidate));
                }
            }
        }
        return new RunMounts.CacheUse(Files.createDirectories(cacheMounts.resolve(name)), () -> { });
    }

    @Override
    public Path secret(String id) {
        return secrets.get(id);
    }

    @Override
    public Path sshAgent(String id) {
        return sshAgents.get(id);
    }
}
