package dev.berth.builder.progress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;

/**
 * One JSON object a line per event, for programs to read ({@code --progress rawjson}): {@code type} is started,
 * finished, output or info, with {@code time} and the event's fields ({@code step}, {@code cached},
 * {@code seconds}, {@code stage}, {@code line}, {@code message}). Berth's own events, not BuildKit's solve status.
 */
final class JsonProgress implements Progress {

    private final PrintStream out;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    JsonProgress(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public void started(String step) {
        emit(event("started").put("step", step));
    }

    @Override
    public void finished(String step, Duration took, boolean cached) {
        emit(event("finished").put("step", step).put("cached", cached).put("seconds", took.toMillis() / 1000.0));
    }

    @Override
    public void output(String stage, String line) {
        emit(event("output").put("stage", stage).put("line", line));
    }

    @Override
    public void info(String message) {
        emit(event("info").put("message", message));
    }

    private ObjectNode event(String type) {
        return json.createObjectNode().put("time", clock.instant().toString()).put("type", type);
    }

    private synchronized void emit(ObjectNode event) {
        try {
            out.println(json.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a progress event cannot be written as JSON", e);
        }
    }
}
