package dev.berth.registry.blob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void closedRange_isTakenAsIs() throws Exception {
        assertEquals(Optional.of(new ByteRange(10, 19)), ByteRange.parse(Optional.of("bytes=10-19"), 100));
    }

    @Test
    void openRange_runsToTheEnd() throws Exception {
        assertEquals(Optional.of(new ByteRange(90, 99)), ByteRange.parse(Optional.of("bytes=90-"), 100));
    }

    @Test
    void suffixRange_takesTheLastBytes() throws Exception {
        assertEquals(Optional.of(new ByteRange(95, 99)), ByteRange.parse(Optional.of("bytes=-5"), 100));
    }

    @Test
    void rangePastTheEnd_isClippedToTheBlob() throws Exception {
        assertEquals(Optional.of(new ByteRange(50, 99)), ByteRange.parse(Optional.of("bytes=50-500"), 100));
    }

    @Test
    void rangeStartingPastTheEnd_isUnsatisfiable() {
        assertThrows(ByteRange.UnsatisfiableRangeException.class,
                () -> ByteRange.parse(Optional.of("bytes=100-"), 100));
    }

    @Test
    void multipleRangesOrOtherUnits_meanTheWholeBlob() throws Exception {
        assertTrue(ByteRange.parse(Optional.of("bytes=0-1,5-6"), 100).isEmpty());
        assertTrue(ByteRange.parse(Optional.of("items=0-1"), 100).isEmpty());
    }
}
