package dev.berth.oci.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.oci.digest.Digest;
import org.junit.jupiter.api.Test;

class ReferenceTest {

    private static final String DIGEST = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void shortName_isDockerHubLibrary() {
        Reference reference = Reference.parse("busybox");
        assertEquals("docker.io", reference.registry());
        assertEquals("library/busybox", reference.repository().value());
        assertNull(reference.tag());
    }

    @Test
    void userRepository_onDockerHub_keepsItsPath() {
        assertEquals("user/app", Reference.parse("user/app:1").repository().value());
    }

    @Test
    void hostWithPort_isTheRegistry() {
        Reference reference = Reference.parse("localhost:5000/team/app:v1.2");
        assertEquals("localhost:5000", reference.registry());
        assertEquals("team/app", reference.repository().value());
        assertEquals("v1.2", reference.tag().value());
    }

    @Test
    void localhost_withoutPort_isTheRegistry() {
        assertEquals("localhost", Reference.parse("localhost/app").registry());
    }

    @Test
    void tagAndDigest_areBothKept() {
        Reference reference = Reference.parse("registry.example.com/app:1@" + DIGEST);
        assertEquals("1", reference.tag().value());
        assertEquals(Digest.parse(DIGEST), reference.digest());
        assertEquals(DIGEST, reference.manifestReference());
    }

    @Test
    void withDefaultTag_addsLatestOnlyWhenNeitherIsGiven() {
        assertEquals("latest", Reference.parse("app").withDefaultTag().tag().value());
        assertNull(Reference.parse("app@" + DIGEST).withDefaultTag().tag());
    }

    @Test
    void indexDockerIo_isNormalizedToDockerIo() {
        assertEquals("docker.io/library/app", Reference.parse("index.docker.io/app").toString());
    }

    @Test
    void upperCaseRepository_isRejectedWithAReason() {
        var e = assertThrows(IllegalArgumentException.class, () -> Reference.parse("Busybox"));
        assertTrue(e.getMessage().contains("lowercase"), e.getMessage());
    }

    @Test
    void invalidTag_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> Reference.parse("app:-bad"));
    }

    @Test
    void repositoryName_rejectsTraversalAndLeadingSlash() {
        assertThrows(IllegalArgumentException.class, () -> RepositoryName.of("../etc"));
        assertThrows(IllegalArgumentException.class, () -> RepositoryName.of("a/../b"));
        assertThrows(IllegalArgumentException.class, () -> RepositoryName.of("/abs"));
        assertThrows(IllegalArgumentException.class, () -> RepositoryName.of("a//b"));
    }

    @Test
    void repositoryName_acceptsTheSpecsSeparators() {
        assertEquals("a.b_c__d--e/f", RepositoryName.of("a.b_c__d--e/f").value());
    }

    @Test
    void tag_isLimitedTo128Characters() {
        Tag.of("a".repeat(128));
        assertThrows(IllegalArgumentException.class, () -> Tag.of("a".repeat(129)));
    }
}
