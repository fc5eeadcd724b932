package dev.berth.registry.ui.html;

import static dev.berth.registry.ui.html.Html.attr;
import static dev.berth.registry.ui.html.Html.el;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/** How the pages write sizes and times. */
public final class Format {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    private static final DateTimeFormatter EXACT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Format() {
    }

    /** A size in binary units, to three significant digits: {@code 1.23 MiB}. */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        String digits = value >= 100 ? String.format(Locale.ROOT, "%.0f", value)
                : value >= 10 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%.2f", value);
        return digits + " " + UNITS[unit];
    }

    /** A time as how long ago it was, with the exact time on hover; a dash for never. */
    public static Html time(Optional<Instant> at, Instant now) {
        if (at.isEmpty()) {
            return Html.text("never");
        }
        return el("time", attr("datetime", at.get().toString()), attr("title", EXACT.format(at.get())),
                ago(Duration.between(at.get(), now)));
    }

    public static Html time(Instant at, Instant now) {
        return time(Optional.of(at), now);
    }

    /** The exact time, in UTC. */
    public static String exact(Instant at) {
        return EXACT.format(at);
    }

    static String ago(Duration elapsed) {
        long seconds = Math.max(0, elapsed.toSeconds());
        if (seconds < 60) {
            return "just now";
        }
        if (seconds < 3600) {
            return plural(seconds / 60, "minute") + " ago";
        }
        if (seconds < 86_400) {
            return plural(seconds / 3600, "hour") + " ago";
        }
        if (seconds < 86_400L * 60) {
            return plural(seconds / 86_400, "day") + " ago";
        }
        if (seconds < 86_400L * 730) {
            return plural(seconds / (86_400L * 30), "month") + " ago";
        }
        return plural(seconds / (86_400L * 365), "year") + " ago";
    }

    /** A count and its noun, in the plural unless one: {@code 1 tag}, {@code 3 tags}. */
    public static String count(long count, String noun) {
        return plural(count, noun);
    }

    private static String plural(long count, String unit) {
        return count + " " + unit + (count == 1 ? "" : "s");
    }

    /** A digest shortened for tables: its algorithm and first twelve hex digits. */
    public static String shortDigest(String digest) {
        int colon = digest.indexOf(':');
        return colon > 0 && digest.length() > colon + 13 ? digest.substring(0, colon + 13) : digest;
    }
}
