package dev.berth.registry.manifest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.oci.manifest.MediaType;
import java.util.List;
import org.junit.jupiter.api.Test;

class AcceptedTypesTest {

    @Test
    void noAcceptHeader_acceptsAnything() {
        assertTrue(AcceptedTypes.of(List.of()).accepts(MediaType.OCI_INDEX));
    }

    @Test
    void genericTypesOnly_acceptAnything() {
        assertTrue(AcceptedTypes.of(List.of("*/*", "application/json")).accepts(MediaType.OCI_MANIFEST));
    }

    @Test
    void commaSeparatedList_isSplit() {
        AcceptedTypes types = AcceptedTypes.of(List.of(MediaType.DOCKER_MANIFEST + ", " + MediaType.OCI_MANIFEST));
        assertTrue(types.accepts(MediaType.OCI_MANIFEST));
    }

    @Test
    void namedManifestTypes_excludeOthers() {
        assertFalse(AcceptedTypes.of(List.of(MediaType.DOCKER_MANIFEST)).accepts(MediaType.OCI_INDEX));
    }
}
