package dev.berth.builder.instruction;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations written as Go writes them, such as {@code 30s}, {@code 1m30s} or {@code 500ms}. */
final class GoDuration {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private GoDuration() {
    }

    static Duration parse(String text) throws InstructionException.Problem {
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = PART.matcher(text);
        double nanos = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            double amount = Double.parseDouble(m.group(1));
            nanos += amount * switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            end = m.end();
        }
        if (end != text.length() || end == 0) {
            throw new InstructionException.Problem("invalid duration '" + text + "': use a number and a unit, "
                    + "such as 30s, 1m30s or 500ms");
        }
        return Duration.ofNanos((long) nanos);
    }
}
