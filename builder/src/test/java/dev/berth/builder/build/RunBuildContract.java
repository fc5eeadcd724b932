package dev.berth.builder.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.builder.image.BuiltImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RUN under the real runc (Debian's; ./test.sh installs it), on a busybox base image built from the host's
 * busybox-static; once with each snapshotter, which must give the same results.
 */
abstract class RunBuildContract {

    private static final String BASE = "test.local/busybox:1";

    /** The snapshotter under test: overlay or copy. */
    abstract String snapshotter();

    @TempDir
    Path work;
    private BuildFixture fixture;
    private Path context;

    @BeforeEach
    void buildBusyboxBase() throws Exception {
        fixture = new BuildFixture(work.resolve("data"), snapshotter());
        fixture.buildBusyboxBase(work.resolve("busybox"), BASE);
        context = BuildFixture.context(work.resolve("ctx"), Map.of("input.txt", "from the context"));
    }

    private BuiltImage build(String dockerfile) throws Exception {
        return fixture.build(context, "FROM " + BASE + "\n" + dockerfile);
    }

    @Test
    void run_changesBecomeTheLayer_deletionsWhiteouts() throws Exception {
        List<String> entries = fixture.entries(build("RUN echo hello > /greeting && rm /bin/vi && mkdir /opt\n")
                .layers().getLast());
        assertTrue(entries.contains("greeting file 644 0:0 hello"), entries.toString());
        assertTrue(entries.contains("bin/.wh.vi file 0 0:0"), entries.toString());
        assertTrue(entries.stream().noneMatch(e -> e.startsWith("etc/")), entries.toString());
        assertTrue(entries.contains("opt/ dir 755 0:0"), entries.toString());
        assertTrue(entries.stream().noneMatch(e -> e.startsWith("etc/hosts") || e.startsWith("etc/resolv.conf")),
                entries.toString());
    }

    @Test
    void namedPipesMadeByRun_areKeptInTheLayer_andSeenByLaterSteps() throws Exception {
        BuiltImage image = build("RUN mkfifo -m 600 /pipe\nRUN test -p /pipe && echo yes > /seen\n");
        List<String> layers = image.layers().stream().skip(image.layers().size() - 2).map(layer -> {
            try {
                return fixture.entries(layer).toString();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
        assertEquals(List.of("[pipe fifo 600 0:0]", "[seen file 644 0:0 yes]"), layers);
    }

    @Test
    void addedArchiveWithWhiteoutNames_throughASymlink_isRefusedAtTheAdd() throws Exception {
        Path staging = Files.createDirectories(work.resolve("staging/real"));
        Files.createSymbolicLink(work.resolve("staging/link"), Path.of("real"));
        Files.writeString(staging.resolve(".wh.input.txt"), "not a deletion");
        Files.writeString(staging.resolve("kept"), "kept");
        Process tar = new ProcessBuilder("tar", "-C", work.resolve("staging").toString(), "-cf",
                context.resolve("odd.tar").toString(), "link", "link/.wh.input.txt", "real/kept").start();
        assertEquals(0, tar.waitFor());
        var e = assertThrows(BuildException.class, () -> build("ADD odd.tar /\nRUN ls /real\n"));
        assertTrue(e.getMessage().startsWith(context.resolve("Dockerfile") + ":2: cannot copy /link/.wh.input.txt: "
                + "a layer cannot hold a file named .wh.*"), e.getMessage());
    }

    @Test
    void runThatMakesAFileNamedLikeAWhiteout_failsNamingIt() {
        var e = assertThrows(BuildException.class, () -> build("RUN touch /.wh.input.txt\n"));
        assertTrue(e.getMessage().contains(":2: RUN made /.wh.input.txt, but a layer cannot hold"), e.getMessage());
    }

    @Test
    void seccomp_refusesNewUserNamespaces_whichAnInsecureStepMayCreate() throws Exception {
        String probe = "sed -n 's/^Seccomp:[[:space:]]*//p' /proc/self/status > /probe && "
                + "(unshare -U -r true && echo userns >> /probe || echo no-userns >> /probe)";
        List<String> sandboxed = fixture.entries(build("RUN " + probe + "\n").layers().getLast());
        assertEquals(List.of("probe file 644 0:0 2\nno-userns"), sandboxed, "filter mode 2, and unshare refused");
        fixture.allowInsecure();
        List<String> insecure = fixture.entries(build("RUN --security=insecure " + probe + "\n").layers().getLast());
        assertEquals(List.of("probe file 644 0:0 0\nuserns"), insecure);
    }

    /**
     * Debian's dpkg (the host's, with its libraries; busybox's shell would run its own dpkg applet for a bare
     * {@code dpkg}) installs a package made here, maintainer script included, under the step's seccomp filter.
     */
    @Test
    void packageInstall_withDpkg_worksUnderTheSeccompFilter() throws Exception {
        copyWithLibraries(Stream.of("dpkg", "dpkg-deb", "dpkg-split", "dpkg-query", "tar")
                .map(program -> Path.of("/usr/bin", program)).toList(), context.resolve("dpkg"));
        Path pkg = Files.createDirectories(work.resolve("pkg/DEBIAN"));
        Files.writeString(pkg.resolve("control"), "Package: hello-berth\nVersion: 1.0\nArchitecture: all\n"
                + "Maintainer: Berth <berth@example.test>\nDescription: a package installed in a RUN step\n");
        Files.writeString(pkg.resolve("postinst"), "#!/bin/sh\necho configured > /var/lib/hello-berth\n");
        Files.setPosixFilePermissions(pkg.resolve("postinst"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path share = Files.createDirectories(work.resolve("pkg/usr/share/hello-berth"));
        Files.writeString(share.resolve("greeting"), "hello from a package\n");
        run("dpkg-deb", "--build", "--root-owner-group", work.resolve("pkg").toString(),
                context.resolve("hello.deb").toString());
        BuiltImage image = build("""
                COPY dpkg/ /
                COPY hello.deb /tmp/
                RUN mkdir -p /var/lib/dpkg/info /var/lib/dpkg/updates /var/lib/dpkg/triggers /usr/local/sbin \\
                    && touch /var/lib/dpkg/status /var/lib/dpkg/available \\
                    && ln -s /bin/true /usr/local/sbin/ldconfig && ln -s /bin/true /usr/local/sbin/start-stop-daemon
                RUN /usr/bin/dpkg -i /tmp/hello.deb && /usr/bin/dpkg -s hello-berth | grep -q 'install ok installed'
                """);
        List<String> installed = fixture.entries(image.layers().getLast());
        assertTrue(installed.contains("usr/share/hello-berth/greeting file 644 0:0 hello from a package"),
                installed.toString());
        assertTrue(installed.contains("var/lib/hello-berth file 644 0:0 configured"), installed.toString());
    }

    @Test
    void sshMount_forwardsTheAgent_andLeavesNothingOfItInTheLayer() throws Exception {
        Path agent = Files.createDirectories(work.resolve("agent"));
        Path socket = agent.resolve("agent.sock");
        Process sshAgent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            for (int i = 0; i < 100 && !Files.exists(socket); i++) {
                Thread.sleep(50);
            }
            run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "berth-test-key", "-f",
                    agent.resolve("key").toString());
            ProcessBuilder add = new ProcessBuilder("ssh-add", agent.resolve("key").toString())
                    .redirectErrorStream(true);
            add.environment().put("SSH_AUTH_SOCK", socket.toString());
            assertEquals(0, add.start().waitFor());
            copyWithLibraries(List.of(Path.of("/usr/bin/ssh-add")), context.resolve("ssh"));
            fixture.useSshAgents(Map.of("default", socket));
            BuiltImage image = build("COPY ssh/ /\nRUN --mount=type=ssh ssh-add -l > /keys\n");
            List<String> entries = fixture.entries(image.layers().getLast());
            assertTrue(entries.size() == 1 && entries.getFirst().startsWith("keys file 644 0:0 256 SHA256:")
                    && entries.getFirst().endsWith("berth-test-key (ED25519)"), entries.toString());
        } finally {
            sshAgent.destroy();
        }
    }

    @Test
    void sshMount_withoutAnAgent_failsSayingWhatToPass() {
        var e = assertThrows(BuildException.class, () -> build("RUN --mount=type=ssh true\n"));
        assertTrue(e.getMessage().contains(":2: RUN --mount=type=ssh needs an SSH agent: pass --ssh default"),
                e.getMessage());
    }

    /** Copies programs and the shared libraries ldd lists for them into a root filesystem tree. */
    private static void copyWithLibraries(List<Path> programs, Path root) throws Exception {
        java.util.Set<Path> files = new java.util.TreeSet<>(programs);
        for (Path program : programs) {
            for (String line : run("ldd", program.toString()).split("\n")) {
                java.util.regex.Matcher library = java.util.regex.Pattern.compile("(/\\S+)").matcher(line);
                while (library.find()) {
                    files.add(Path.of(library.group(1)));
                }
            }
        }
        for (Path file : files) {
            Path target = root.resolve(file.toString().substring(1));
            Files.createDirectories(target.getParent());
            Files.copy(file, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + output);
        return output;
    }

    @Test
    void insecureStep_withoutTheEntitlement_isRefusedNamingIt() {
        var e = assertThrows(BuildException.class, () -> build("RUN --security=insecure true\n"));
        assertTrue(e.getMessage().contains(":2: RUN --security=insecure needs the security.insecure entitlement: "
                + "pass --allow security.insecure"), e.getMessage());
    }

    @Test
    void run_seesEnvArgsUserAndWorkdir() throws Exception {
        build("ARG LEVEL=3\nENV NAME=berth\nUSER app:extra\nWORKDIR /home/app\n"
                + "RUN echo \"$NAME $LEVEL $(id -u):$(id -g) $(pwd)\" > out.txt\n");
        assertTrue(fixture.log().contains("RUN echo"), fixture.log());
        BuiltImage image = build("ARG LEVEL=3\nENV NAME=berth\nUSER app:extra\nWORKDIR /home/app\n"
                + "RUN echo \"$NAME $LEVEL $(id -u):$(id -g) $(pwd)\" > out.txt\n");
        List<String> entries = fixture.entries(image.layers().getLast());
        assertTrue(entries.contains("home/app/out.txt file 644 1000:2000 berth 3 1000:2000 /home/app"),
                entries.toString());
    }

    @Test
    void runAsAUser_hasItsPrimaryAndSupplementaryGroups_unlessUserNamesAGroup() throws Exception {
        String groups = "sed -n 's/^Groups:[[:space:]]*//p' /proc/self/status > ";
        BuiltImage image = build("USER app\nWORKDIR /home/app\nRUN " + groups + "groups\nUSER app:extra\nRUN "
                + groups + "named\nUSER root\nRUN " + groups + "root\n");
        List<String> layers = new java.util.ArrayList<>();
        for (int i = image.layers().size() - 3; i < image.layers().size(); i++) {
            layers.add(fixture.entries(image.layers().get(i)).getLast());
        }
        assertEquals(List.of("home/app/groups file 644 1000:1000 1000 2000",
                "home/app/named file 644 1000:2000 2000", "home/app/root file 644 0:0 0"), layers);
    }

    @Test
    void failingCommand_failsTheBuildWithExitCodeOutputAndLine() {
        var e = assertThrows(BuildException.class, () -> build("RUN echo about to fail && exit 3\n"));
        assertTrue(e.getMessage().contains("Dockerfile:2"), e.getMessage());
        assertTrue(e.getMessage().contains("exit code 3"), e.getMessage());
        assertTrue(e.getMessage().contains("about to fail"), e.getMessage());
    }

    @Test
    void heredoc_runsAsAScript() throws Exception {
        List<String> entries = fixture.entries(build("RUN <<EOF\necho one > /a\necho two >> /a\nEOF\n")
                .layers().getLast());
        assertTrue(entries.contains("a file 644 0:0 one\ntwo"), entries.toString());
    }

    @Test
    void cacheMount_persistsBetweenBuildsAndStaysOutOfTheLayer() throws Exception {
        build("RUN --mount=type=cache,target=/cache echo first > /cache/seen\n");
        BuiltImage second = build("RUN --mount=type=cache,target=/cache cat /cache/seen > /copied\n");
        List<String> entries = fixture.entries(second.layers().getLast());
        assertTrue(entries.contains("copied file 644 0:0 first"), entries.toString());
        assertFalse(entries.stream().anyMatch(e -> e.startsWith("cache/seen")), entries.toString());
    }

    @Test
    void bindMount_readsTheContextWithoutCopyingIt() throws Exception {
        List<String> entries = fixture.entries(build("RUN --mount=type=bind,target=/src cat /src/input.txt > /out\n")
                .layers().getLast());
        assertTrue(entries.contains("out file 644 0:0 from the context"), entries.toString());
        assertTrue(entries.stream().noneMatch(e -> e.startsWith("src/")), entries.toString());
    }

    @Test
    void runStep_isCachedOnTheSecondBuild() throws Exception {
        BuiltImage first = build("RUN date +%s%N > /stamp\n");
        BuiltImage second = build("RUN date +%s%N > /stamp\n");
        assertEquals(first.layers().getLast(), second.layers().getLast());
        assertTrue(fixture.log().contains("CACHED"), fixture.log());
    }

    @Test
    void removedAndRecreatedDirectory_andDanglingSymlinks_areCaptured() throws Exception {
        BuiltImage image = build("RUN mkdir -p /d/sub && echo a > /d/sub/a && echo k > /d/k\n"
                + "RUN rm -rf /d && mkdir /d && echo b > /d/b && ln -s ../missing /d/dangling\n");
        List<String> entries = fixture.entries(image.layers().getLast());
        assertTrue(entries.contains("d/b file 644 0:0 b"), entries.toString());
        assertTrue(entries.contains("d/dangling symlink 777 0:0 -> ../missing"), entries.toString());
        boolean hidesOldContent = entries.contains("d/.wh..wh..opq file 0 0:0")
                || entries.containsAll(List.of("d/.wh.k file 0 0:0", "d/.wh.sub file 0 0:0"));
        assertTrue(hidesOldContent, "the old /d/k and /d/sub must be hidden: " + entries);
    }

    @Test
    void cacheMount_getsItsModeAndOwner() throws Exception {
        List<String> entries = fixture.entries(build("RUN --mount=type=cache,id=owned,target=/c,mode=0700,uid=1000,"
                + "gid=1000 stat -c '%a %u:%g' /c > /cache-stat\n").layers().getLast());
        assertTrue(entries.contains("cache-stat file 644 0:0 700 1000:1000"), entries.toString());
    }

    @Test
    void memoryAndPidsLimits_areTheStepsCgroupLimits() throws Exception {
        BuiltImage image = fixture.buildWithLimits(context, "FROM " + BASE + "\n"
                + "RUN (cat /sys/fs/cgroup/pids/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids.max) > /pids && "
                + "(cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max)"
                + " > /memory\n", 104_857_600, 42);
        List<String> entries = fixture.entries(image.layers().getLast());
        assertTrue(entries.contains("pids file 644 0:0 42"), entries.toString());
        assertTrue(entries.contains("memory file 644 0:0 104857600"), entries.toString());
    }

    @Test
    void lockedAndPrivateCacheMounts_useTheCacheWhenNoOneElseDoes() throws Exception {
        build("RUN --mount=type=cache,id=shared-id,target=/c,sharing=locked echo kept > /c/f\n");
        List<String> entries = fixture.entries(build("RUN --mount=type=cache,id=shared-id,target=/c,sharing=private "
                + "cat /c/f > /read\n").layers().getLast());
        assertTrue(entries.contains("read file 644 0:0 kept"), entries.toString());
        var e = assertThrows(BuildException.class,
                () -> build("RUN --mount=type=cache,target=/c,sharing=sometimes true\n"));
        assertTrue(e.getMessage().contains("sharing"), e.getMessage());
    }

    @Test
    void independentStages_runAtTheSameTime() throws Exception {
        String waitFor = "touch /rv/%s && for i in $(seq 1 200); do [ -f /rv/%s ] && exit 0; sleep 0.05; done; "
                + "echo the other stage never started; exit 1";
        BuiltImage image = fixture.build(context, "FROM " + BASE + " AS a\n"
                + "RUN --mount=type=cache,id=rendezvous,target=/rv " + waitFor.formatted("a", "b") + "\n"
                + "FROM " + BASE + " AS b\n"
                + "RUN --mount=type=cache,id=rendezvous,target=/rv " + waitFor.formatted("b", "a") + "\n"
                + "FROM " + BASE + "\n"
                + "COPY --from=a /etc/passwd /from-a\n"
                + "COPY --from=b /etc/passwd /from-b\n");
        assertEquals(3, image.layers().size(), "the base layer and two COPY layers");
    }
}
