package dev.berth.cli;

import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** One-line log records on standard error: time, level, logger, message. */
final class Logging {

    private Logging() {
    }

    static void configure() {
        LogManager.getLogManager().reset();
        ConsoleHandler handler = new ConsoleHandler();
        handler.setLevel(Level.ALL);
        handler.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord record) {
                String line = String.format("%1$tFT%1$tT.%1$tLZ %2$-5s %3$s %4$s%n", record.getMillis(),
                        record.getLevel().getName(), shortName(record.getLoggerName()), formatMessage(record));
                if (record.getThrown() != null) {
                    var trace = new java.io.StringWriter();
                    record.getThrown().printStackTrace(new java.io.PrintWriter(trace));
                    line += trace;
                }
                return line;
            }
        });
        Logger root = Logger.getLogger("");
        root.addHandler(handler);
        root.setLevel(Level.INFO);
        Logger.getLogger("io.helidon").setLevel(Level.WARNING);
    }

    private static String shortName(String name) {
        return name == null ? "" : name.substring(name.lastIndexOf('.') + 1);
    }
}
