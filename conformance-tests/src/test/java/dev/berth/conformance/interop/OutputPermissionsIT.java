package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What berth build writes for the user (archives, layouts, ID and metadata files) has the user's umask. */
class OutputPermissionsIT {

    private static final Path EXAMPLE = Path.of(System.getProperty("user.dir")).getParent().resolve("examples/hello");

    @TempDir
    Path work;

    @ParameterizedTest
    @CsvSource({"022, rw-r--r--", "027, rw-r-----", "077, rw-------"})
    void outputs_haveThePermissionsTheUmaskGives(String umask, String permissions) throws Exception {
        Path out = Files.createDirectory(work.resolve("out-" + umask));
        List<String> command = new ArrayList<>(List.of("sh", "-c", "umask " + umask + " && exec \"$@\"", "sh"));
        command.addAll(BerthCommand.command("build", "--no-daemon", "--progress", "quiet",
                "--data", work.resolve("data").toString(),
                "--output", "type=docker,dest=" + out.resolve("app.tar"),
                "--output", "type=oci,dest=" + out.resolve("layout"),
                "--iidfile", out.resolve("iid").toString(), "--metadata-file", out.resolve("metadata.json").toString(),
                EXAMPLE.toString()));
        Tool.Result build = Tool.exec(command, Map.of(), "");
        assertEquals(0, build.exit(), build.output());
        for (Path file : List.of(out.resolve("app.tar"), out.resolve("iid"), out.resolve("metadata.json"),
                out.resolve("layout/index.json"))) {
            assertEquals(permissions, PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                    file.getFileName().toString());
        }
    }
}
