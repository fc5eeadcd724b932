package dev.berth.registry.tag;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Tag wildcards as ECR's filters write them. */
class TagPatternTest {

    @Test
    void aStar_standsForAnyRun_includingNone() {
        assertTrue(TagPattern.of("prod*").matches("prod"));
        assertTrue(TagPattern.of("prod*").matches("prod-1.2"));
        assertFalse(TagPattern.of("prod*").matches("preprod"));
        assertTrue(TagPattern.of("*-rc*").matches("v1-rc2"));
        assertFalse(TagPattern.of("*-rc*").matches("v1"));
        assertTrue(TagPattern.of("latest").matches("latest"));
        assertFalse(TagPattern.of("latest").matches("latest2"));
        assertTrue(TagPattern.of("*").matches("anything"));
    }

    @Test
    void whatNoTagCouldMatch_isRefused_sayingWhatIsAllowed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TagPattern.of("a/b"));
        assertTrue(e.getMessage().contains("'a/b'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TagPattern.of(""));
    }
}
