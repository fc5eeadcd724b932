package dev.berth.cache.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.oci.digest.Digest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every medium's garbage collection marks do: each backend's test extends this with its own marks. */
public abstract class GcMarksContract {

    private static final Digest LAYER = Digest.sha256("a layer".getBytes(StandardCharsets.UTF_8));
    private static final Instant NOON = Instant.parse("2026-11-29T12:00:00Z");

    /** Fresh marks, on an empty medium. */
    protected abstract GcMarks marks() throws Exception;

    @Test
    void aTouch_isRead_asTheLatestTime_untilForgotten() throws Exception {
        GcMarks marks = marks();
        assertEquals(Optional.empty(), marks.touched(LAYER));
        marks.touch(LAYER, NOON);
        marks.touch(LAYER, NOON.plusSeconds(5));
        assertEquals(Optional.of(NOON.plusSeconds(5)), marks.touched(LAYER));
        marks.forget(LAYER);
        assertEquals(Optional.empty(), marks.touched(LAYER));
    }

    @Test
    void notices_ofTwoCollections_areListed_andWithdrawnOneByOne() throws Exception {
        GcMarks marks = marks();
        Condemnation first = new Condemnation(LAYER, NOON, "sweep-1");
        Condemnation second = new Condemnation(LAYER, NOON.plusSeconds(60), "sweep-2");
        marks.condemn(first);
        marks.condemn(second);
        assertEquals(2, marks.condemned().size());
        assertTrue(marks.condemned().contains(first));
        marks.withdraw(first);
        assertEquals(List.of(second), marks.condemned());
        assertFalse(second.holdsAt(NOON.plusSeconds(60)));
        assertTrue(second.holdsAt(NOON.plusSeconds(59)));
    }
}
