package dev.berth.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.registry.audit.AuditLog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Log records on standard error, one line each and timestamped: as text (time, level, logger, message; a record
 * whose one parameter is a map of fields, such as an access log line, as {@code key=value} pairs) or as JSON (one
 * object per line, the fields at its top level).
 */
public final class Logging {

    /** How each record is written. */
    public enum LogFormat { TEXT, JSON }

    /** Held here, as the JDK keeps loggers only while someone refers to them (and would forget this one's set-up). */
    private static final Logger AUDIT = Logger.getLogger(AuditLog.LOGGER);

    private Logging() {
    }

    /** Text at INFO, as every command starts. */
    static void configure() {
        configure(LogFormat.TEXT, Level.INFO);
    }

    public static void configure(LogFormat format, Level level) {
        LogManager.getLogManager().reset();
        ConsoleHandler handler = new ConsoleHandler();
        handler.setLevel(Level.ALL);
        handler.setFormatter(format == LogFormat.JSON ? new JsonLines() : new TextLines());
        Logger root = Logger.getLogger("");
        root.addHandler(handler);
        root.setLevel(level);
        Logger.getLogger("io.helidon").setLevel(level.intValue() < Level.INFO.intValue() ? level : Level.WARNING);
        // The audit trail is JSON whatever the other lines are, and is kept at every --log-level.
        ConsoleHandler audit = new ConsoleHandler();
        audit.setLevel(Level.ALL);
        audit.setFormatter(new JsonLines());
        AUDIT.setUseParentHandlers(false);
        AUDIT.addHandler(audit);
        AUDIT.setLevel(Level.INFO);
    }

    /** The level a {@code --log-level} value names: error, warn, info or debug. */
    public static Level level(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "error" -> Level.SEVERE;
            case "warn", "warning" -> Level.WARNING;
            case "info" -> Level.INFO;
            case "debug" -> Level.FINE;
            default -> throw new IllegalArgumentException("log level '" + name + "' is none of error, warn, info, "
                    + "debug");
        };
    }

    /** The fields of a record that carries them as its one parameter. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> fields(LogRecord record) {
        Object[] parameters = record.getParameters();
        return parameters != null && parameters.length == 1 && parameters[0] instanceof Map<?, ?> map
                ? (Map<String, Object>) map : null;
    }

    private static String shortName(String name) {
        return name == null ? "" : name.substring(name.lastIndexOf('.') + 1);
    }

    private static String trace(Throwable thrown) {
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }

    private static final class TextLines extends Formatter {
        @Override
        public String format(LogRecord record) {
            Map<String, Object> fields = fields(record);
            String message = fields == null ? formatMessage(record) : pairs(fields);
            String line = String.format("%1$tFT%1$tT.%1$tLZ %2$-5s %3$s %4$s%n", record.getMillis(),
                    record.getLevel().getName(), shortName(record.getLoggerName()), message);
            return record.getThrown() == null ? line : line + trace(record.getThrown());
        }

        private static String pairs(Map<String, Object> fields) {
            StringBuilder line = new StringBuilder();
            fields.forEach((key, value) -> {
                String text = String.valueOf(value);
                boolean quote = text.isEmpty() || needsQuotes(text);
                line.append(line.isEmpty() ? "" : " ").append(key).append('=')
                        .append(quote ? '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"' : text);
            });
            return line.toString();
        }
    }

    private static boolean needsQuotes(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '"' || c == '=') {
                return true;
            }
        }
        return false;
    }

    private static final class JsonLines extends Formatter {
        private final ObjectMapper json = new ObjectMapper();

        @Override
        public String format(LogRecord record) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("time", Instant.ofEpochMilli(record.getMillis()).toString());
            line.put("level", record.getLevel().getName());
            line.put("logger", shortName(record.getLoggerName()));
            Map<String, Object> fields = fields(record);
            if (fields == null) {
                line.put("message", formatMessage(record));
            } else {
                line.putAll(fields);
            }
            if (record.getThrown() != null) {
                line.put("error", trace(record.getThrown()));
            }
            try {
                return json.writeValueAsString(line) + System.lineSeparator();
            } catch (JsonProcessingException e) {
                return "{\"level\":\"SEVERE\",\"message\":\"a log record could not be written as JSON\"}"
                        + System.lineSeparator();
            }
        }
    }
}
