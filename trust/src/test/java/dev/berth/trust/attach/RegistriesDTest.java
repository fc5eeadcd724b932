package dev.berth.trust.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.oci.reference.Reference;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** containers-registries.d(5)'s scope rules, with its own man page's example as the configuration. */
class RegistriesDTest {

    private static final URI BUILT_IN = URI.create("file:///var/lib/containers/sigstore");

    @TempDir
    Path directory;

    private RegistriesD example() throws IOException {
        Files.writeString(directory.resolve("example.yaml"), """
                docker:
                    registry.example.com:
                        lookaside: https://registry-lookaside.example.com
                    registry.example.com/mydepartment:
                        lookaside: https://lookaside.mydepartment.example.com
                        lookaside-staging: file:///mnt/mydepartment/lookaside-staging
                    registry.example.com/mydepartment/myproject:mybranch:
                        lookaside: http://localhost:4242/lookaside
                        lookaside-staging: file:///home/useraccount/webroot/lookaside
                    registry.example.com/nolookaside:
                        use-sigstore-attachments: true
                """);
        Files.writeString(directory.resolve("default.yaml"), """
                default-docker:
                    sigstore-staging: file:///var/lib/default-staging
                """);
        Files.writeString(directory.resolve("ignored.yml"), "not: [yaml");
        return RegistriesD.read(directory, BUILT_IN);
    }

    @Test
    void theMostSpecificScope_decides_downToATag() throws IOException {
        RegistriesD config = example();
        assertEquals(Optional.of(URI.create("https://registry-lookaside.example.com")),
                config.readFrom(Reference.parse("registry.example.com/other/app:1")));
        assertEquals(Optional.of(URI.create("https://lookaside.mydepartment.example.com")),
                config.readFrom(Reference.parse("registry.example.com/mydepartment/myproject:main")));
        assertEquals(Optional.of(URI.create("file:///mnt/mydepartment/lookaside-staging")),
                config.writeTo(Reference.parse("registry.example.com/mydepartment/app:1")));
        assertEquals(Optional.of(URI.create("http://localhost:4242/lookaside")),
                config.readFrom(Reference.parse("registry.example.com/mydepartment/myproject:mybranch")));
    }

    @Test
    void aSectionWithoutLookaside_hasNone_whileUnconfiguredRegistriesUseTheDefaults() throws IOException {
        RegistriesD config = example();
        assertEquals(Optional.empty(), config.readFrom(Reference.parse("registry.example.com/nolookaside:1")));
        assertEquals(Optional.of(URI.create("file:///var/lib/default-staging")),
                config.writeTo(Reference.parse("quay.io/team/app:1")));
        assertEquals(Optional.of(BUILT_IN), RegistriesD.read(directory.resolve("absent"), BUILT_IN)
                .readFrom(Reference.parse("quay.io/team/app:1")));
    }

    @Test
    void conflictingOrMalformedFiles_areRefusedNamingTheFileAndKey() throws IOException {
        Files.writeString(directory.resolve("a.yaml"), "docker:\n  quay.io:\n    lookaside: https://a\n");
        Files.writeString(directory.resolve("b.yaml"), "docker:\n  quay.io:\n    lookaside: https://b\n");
        IOException twice = assertThrows(IOException.class, () -> RegistriesD.read(directory, BUILT_IN));
        assertTrue(twice.getMessage().contains("b.yaml: docker.quay.io is configured in more than one file"),
                twice.getMessage());
        Files.writeString(directory.resolve("b.yaml"), "docker:\n  ghcr.io:\n    lookaside: ftp://b\n");
        IOException scheme = assertThrows(IOException.class, () -> RegistriesD.read(directory, BUILT_IN));
        assertTrue(scheme.getMessage().contains("not a file:, http: or https: URL"), scheme.getMessage());
        Files.writeString(directory.resolve("b.yaml"), "docker:\n  ghcr.io:\n    lookasides: https://b\n");
        IOException unknown = assertThrows(IOException.class, () -> RegistriesD.read(directory, BUILT_IN));
        assertTrue(unknown.getMessage().contains("unknown key lookasides"), unknown.getMessage());
    }
}
