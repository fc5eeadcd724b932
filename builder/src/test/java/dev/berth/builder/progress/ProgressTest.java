package dev.berth.builder.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The --progress modes, fed the same events. */
class ProgressTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private static void feed(Progress progress) {
        feed(progress, Duration.ZERO);
    }

    /** The events, with a pause while the first step runs (for the tty display's redraws, ten a second). */
    private static void feed(Progress progress, Duration running) {
        progress.started("[build 1/2] RUN make");
        progress.output("build", "compiling");
        try {
            Thread.sleep(running);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        progress.finished("[build 1/2] RUN make", Duration.ofMillis(1500), false);
        progress.started("[build 2/2] COPY . /");
        progress.finished("[build 2/2] COPY . /", Duration.ZERO, true);
        progress.info("# pushing example.test/app:1");
        progress.close();
    }

    @Test
    void plain_printsALinePerEvent() {
        feed(Progress.of("plain", out, true));
        assertEquals(List.of("# [build 1/2] RUN make", "  build | compiling", "# [build 1/2] RUN make DONE 1.5s",
                "# [build 2/2] COPY . /", "# [build 2/2] COPY . / CACHED", "# pushing example.test/app:1"),
                text().lines().toList());
    }

    @Test
    void rawjson_printsOneJsonObjectPerEvent() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
        feed(Progress.json(out, clock));
        List<JsonNode> events = text().lines().map(ProgressTest::json).toList();
        assertEquals(List.of("started", "output", "finished", "started", "finished", "info"),
                events.stream().map(event -> event.get("type").asText()).toList());
        assertEquals(1.5, events.get(2).get("seconds").asDouble());
        assertTrue(events.get(4).get("cached").asBoolean());
        assertEquals("compiling", events.get(1).get("line").asText());
        assertEquals("2026-01-02T03:04:05Z", events.get(5).get("time").asText());
    }

    @Test
    void tty_redrawsTheRunningSteps_andLeavesOnlyFinishedOnesBehind() {
        feed(Progress.of("auto", out, true), Duration.ofMillis(300));
        String screen = text();
        assertTrue(screen.contains("\033[J"), "clears the live area");
        assertTrue(screen.contains("=> [build 1/2] RUN make 1.5s\n"), screen);
        assertTrue(screen.contains(" > compiling"), "shows the running step's output: " + screen);
        assertTrue(screen.contains("=> [build 2/2] COPY . / CACHED\n"), screen);
        String afterLastClear = screen.substring(screen.lastIndexOf("\033[J") + 3);
        assertFalse(afterLastClear.contains("compiling"), "nothing runs after close: " + afterLastClear);
    }

    @Test
    void auto_isPlainWhenNotOnATerminal_andUnknownModesAreRefused() {
        feed(Progress.of("auto", out, false));
        assertFalse(text().contains("\033["));
        var e = assertThrows(IllegalArgumentException.class, () -> Progress.of("fancy", out, true));
        assertEquals("--progress is auto, tty, plain, rawjson or quiet, not 'fancy'", e.getMessage());
    }

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
