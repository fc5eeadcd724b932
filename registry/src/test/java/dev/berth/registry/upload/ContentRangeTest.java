package dev.berth.registry.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.registry.http.RegistryException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContentRangeTest {

    @Test
    void specForm_isParsedInclusive() throws Exception {
        ContentRange range = ContentRange.parse(Optional.of("0-999")).orElseThrow();
        assertEquals(1000, range.length());
    }

    @Test
    void bytesPrefixAndTotal_areAccepted() throws Exception {
        assertEquals(new ContentRange(5, 9), ContentRange.parse(Optional.of("bytes 5-9/*")).orElseThrow());
    }

    @Test
    void garbage_isRefusedWith416() {
        RegistryException e = assertThrows(RegistryException.class, () -> ContentRange.parse(Optional.of("abc")));
        assertEquals(416, e.status());
    }

    @Test
    void invertedRange_isRefusedWith416() {
        assertEquals(416, assertThrows(RegistryException.class,
                () -> ContentRange.parse(Optional.of("9-5"))).status());
    }

    @Test
    void lengthDisagreeingWithTheRange_isRefused() throws Exception {
        ContentRange range = ContentRange.parse(Optional.of("0-9")).orElseThrow();
        assertThrows(RegistryException.class, () -> range.requireLength(Optional.of(11L)));
    }
}
