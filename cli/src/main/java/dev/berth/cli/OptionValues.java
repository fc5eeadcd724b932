package dev.berth.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The shapes of option values {@code docker buildx build} users write: {@code k=v,k=v} lists and sizes. */
final class OptionValues {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([bkmgt]?)b?", Pattern.CASE_INSENSITIVE);

    private OptionValues() {
    }

    /** The fields of a {@code key=value,key=value} value; a field without {@code =} maps to "". */
    static Map<String, String> keyValues(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : text.split(",")) {
            int equals = field.indexOf('=');
            fields.put(equals < 0 ? field : field.substring(0, equals), equals < 0 ? "" : field.substring(equals + 1));
        }
        return fields;
    }

    /** A size as Docker reads {@code --memory}: bytes, or with a suffix b, k, m, g or t (powers of 1024). */
    static long size(String option, String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(option + " " + text + " is no size: use bytes or a number with b, k, "
                    + "m or g, such as 512m");
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), 1L << shift);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException(option + " " + text + " is too large");
        }
    }
}
