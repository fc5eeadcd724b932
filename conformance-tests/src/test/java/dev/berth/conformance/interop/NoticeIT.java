package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every third-party jar the distribution ships is named in NOTICE with its license; the project has a LICENSE. */
class NoticeIT {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Pattern VERSION = Pattern.compile("-\\d[\\w.-]*\\.jar$");

    @Test
    void everyShippedThirdPartyJar_isNamedInNotice() throws Exception {
        String notice = Files.readString(ROOT.resolve("NOTICE"));
        List<String> shipped;
        try (Stream<Path> jars = Files.list(ROOT.resolve("cli/target/lib"))) {
            shipped = jars.map(jar -> VERSION.matcher(jar.getFileName().toString()).replaceFirst(""))
                    .filter(name -> !name.startsWith("berth-")).sorted().toList();
        }
        assertTrue(shipped.size() > 20, "the distribution's jars are in cli/target/lib: " + shipped);
        List<String> unnamed = shipped.stream()
                .filter(artifact -> !Pattern.compile("[ (,]" + Pattern.quote(artifact) + "[,)]").matcher(notice).find())
                .toList();
        assertEquals(List.of(), unnamed, "jars the NOTICE does not name with their license");
    }

    @Test
    void theProjectLicense_isApache2() throws Exception {
        assertTrue(Files.readString(ROOT.resolve("LICENSE")).contains("Apache License\n                           "
                + "Version 2.0, January 2004"));
    }
}
