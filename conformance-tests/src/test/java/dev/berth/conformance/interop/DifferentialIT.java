package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The differential test: each Dockerfile of {@code src/test/resources/differential} is built by Berth and by buildah
 * (Debian's; vfs storage, chroot isolation) from the same busybox base served by {@code berth serve}, and the
 * flattened file trees and configs must be equal. A difference is a bug unless listed below as intended, with why.
 * Where buildah 1.28 lacks a feature (here-documents), the case has a {@code Dockerfile.buildah} with the same steps
 * written without it, which buildah builds instead. Where buildah differs from BuildKit, the case's
 * {@code buildkit.expected} gives, with the reason, what BuildKit gives: lines {@code /path = description} (as
 * {@link FlatImage} describes files, or {@code absent}) and {@code config Field = json}; Berth must match those,
 * and buildah's result there is not compared.
 */
class DifferentialIT {

    /**
     * Differences that are intended: path prefix, and why. buildah makes the mount points of its chroot isolation
     * (dev, proc, sys, and the files it bind-mounts into etc) part of the image; Berth keeps them out, as BuildKit
     * does.
     */
    private static final Map<String, String> INTENDED = Map.of(
            "dev", "buildah leaves the /dev mount point of its chroot in the image",
            "proc", "buildah leaves the /proc mount point of its chroot in the image",
            "sys", "buildah leaves the /sys mount point of its chroot in the image",
            "etc/hosts", "buildah keeps the /etc/hosts it mounts; Berth keeps it out of layers",
            "etc/resolv.conf", "buildah keeps the /etc/resolv.conf it mounts; Berth keeps it out of layers",
            "etc/hostname", "buildah keeps the /etc/hostname it mounts; Berth keeps it out of layers",
            "run", "buildah leaves the /run mount point of its chroot in the image");

    /** Paths (exactly, not below) where an empty directory made by buildah only is intended, and why. */
    private static final Map<String, String> INTENDED_EMPTY_DIRECTORIES = Map.of(
            "etc", "buildah makes /etc, when the base has none, to mount its hosts and resolv.conf on");

    /** Labels buildah adds of its own. */
    private static final String BUILDAH_LABEL = "io.buildah.version";

    @TempDir
    static Path work;
    private static BerthProcess berth;

    @BeforeAll
    static void start() throws Exception {
        berth = BerthProcess.start(work.resolve("registry"));
        BusyboxLayout.write(work.resolve("busybox")).pushTo(berth, "base/busybox:1");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        BerthCommand.stopBuildDaemons(work);
        berth.close();
    }

    static Stream<String> dockerfiles() throws IOException, URISyntaxException {
        Path corpus = Path.of(DifferentialIT.class.getResource("/differential").toURI());
        try (Stream<Path> cases = Files.list(corpus)) {
            return cases.map(path -> path.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dockerfiles")
    void berthAndBuildah_buildTheSameImage(String name) throws Exception {
        Path context = copyCase(name);
        Path berthOut = work.resolve("out-berth-" + name);
        BerthCommand.run("build", "--data", work.resolve("berth-data").toString(), "--progress", "quiet",
                "--output", "type=oci,dest=" + berthOut, context.toString());
        Path buildahOut = work.resolve("out-buildah-" + name);
        String image = "localhost/differential/" + name + ":1";
        Path forBuildah = Files.exists(context.resolve("Dockerfile.buildah")) ? context.resolve("Dockerfile.buildah")
                : context.resolve("Dockerfile");
        budOnce(buildah("bud", "--isolation", "chroot", "--tls-verify=false", "-f", forBuildah.toString(), "-t",
                image, context.toString()));
        Tool.run(buildah("push", image, "oci:" + buildahOut + ":latest"));
        BuildKitExpected expected = BuildKitExpected.read(context.resolve("buildkit.expected"));
        List<String> differences = compare(FlatImage.read(berthOut), FlatImage.read(buildahOut), expected);
        assertTrue(differences.isEmpty(), name + ": Berth and buildah differ:\n" + String.join("\n", differences));
    }

    private static List<String> compare(FlatImage berthImage, FlatImage buildahImage, BuildKitExpected expected) {
        List<String> differences = new ArrayList<>();
        TreeMap<String, String> all = new TreeMap<>(berthImage.files());
        buildahImage.files().forEach(all::putIfAbsent);
        all.putAll(expected.files());
        for (String path : all.keySet()) {
            String ours = berthImage.files().get(path);
            if (expected.files().containsKey(path)) {
                String buildKit = expected.files().get(path);
                if (!buildKit.equals(ours == null ? "absent" : ours)) {
                    differences.add("  /" + path + ": berth " + ours + " | BuildKit " + buildKit);
                }
                continue;
            }
            String theirs = buildahImage.files().get(path);
            boolean buildahOnlyDirectory = ours == null && theirs != null && theirs.startsWith("dir ")
                    && (INTENDED_EMPTY_DIRECTORIES.containsKey(path) || isVolume(buildahImage, path));
            if (!java.util.Objects.equals(ours, theirs) && !intended(path) && !buildahOnlyDirectory) {
                differences.add("  /" + path + ": berth " + ours + " | buildah " + theirs);
            }
        }
        berthImage.configFields().forEach((field, ours) -> {
            var theirs = expected.config().containsKey(field) ? expected.config().get(field)
                    : buildahImage.configFields().get(field);
            if (field.equals("Labels") && theirs != null) {
                theirs = ((com.fasterxml.jackson.databind.node.ObjectNode) theirs.deepCopy()).without(BUILDAH_LABEL);
                theirs = theirs.isEmpty() ? null : theirs;
            }
            if (!java.util.Objects.equals(ours, theirs)) {
                differences.add("  config " + field + ": berth " + ours + " | buildah " + theirs);
            }
        });
        return differences;
    }

    /** buildah creates VOLUME directories in the image; BuildKit and Berth leave that to the runtime. */
    private static boolean isVolume(FlatImage image, String path) {
        var volumes = image.configFields().get("Volumes");
        return volumes != null && volumes.has("/" + path);
    }

    private static boolean intended(String path) {
        return INTENDED.keySet().stream().anyMatch(prefix -> path.equals(prefix) || path.startsWith(prefix + "/"));
    }

    private static Path copyCase(String name) throws IOException, URISyntaxException {
        Path source = Path.of(DifferentialIT.class.getResource("/differential/" + name).toURI());
        Path target = work.resolve("ctx-" + name);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path to = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to);
                }
            }
        }
        for (String file : List.of("Dockerfile", "Dockerfile.buildah")) {
            Path path = target.resolve(file);
            if (Files.exists(path)) {
                Files.writeString(path, Files.readString(path).replace("FROM BASE",
                        "FROM " + berth.address() + "/base/busybox:1"));
            }
        }
        return target;
    }

    /**
     * Runs buildah's build, again once if buildah itself failed to seal the copy of its own binary that its chroot
     * isolation runs RUN steps with (Debian's buildah 1.28, now and then on this kernel: "Close_Fd sealing memfd
     * copy: Device or resource busy"), which says nothing of the Dockerfile or of Berth.
     */
    private static void budOnce(List<String> command) {
        Tool.Result first = Tool.exec(command, java.util.Map.of(), "");
        if (first.exit() == 0) {
            return;
        }
        if (!first.output().contains("sealing memfd copy")) {
            throw new AssertionError(String.join(" ", command) + " exited " + first.exit() + ":\n" + first.output());
        }
        Tool.run(command);
    }

    private static List<String> buildah(String... arguments) {
        List<String> command = new ArrayList<>(List.of("buildah", "--storage-driver", "vfs", "--root",
                work.resolve("buildah-root").toString(), "--runroot", work.resolve("buildah-run").toString()));
        command.addAll(List.of(arguments));
        return command;
    }
}
