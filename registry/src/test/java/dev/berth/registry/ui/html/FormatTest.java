package dev.berth.registry.ui.html;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FormatTest {

    @Test
    void sizes_areInBinaryUnits_toThreeDigits() {
        assertEquals("0 B", Format.bytes(0));
        assertEquals("1023 B", Format.bytes(1023));
        assertEquals("1.00 KiB", Format.bytes(1024));
        assertEquals("1.04 MiB", Format.bytes(1_090_000));
        assertEquals("12.0 GiB", Format.bytes(12L * 1024 * 1024 * 1024));
        assertEquals("128 TiB", Format.bytes(128L << 40));
    }

    @Test
    void times_readAsHowLongAgo() {
        assertEquals("just now", Format.ago(Duration.ofSeconds(59)));
        assertEquals("1 minute ago", Format.ago(Duration.ofSeconds(60)));
        assertEquals("3 hours ago", Format.ago(Duration.ofHours(3)));
        assertEquals("45 days ago", Format.ago(Duration.ofDays(45)));
        assertEquals("4 months ago", Format.ago(Duration.ofDays(125)));
        assertEquals("2 years ago", Format.ago(Duration.ofDays(800)));
    }

    @Test
    void digests_areShortenedToTwelveHexDigits() {
        assertEquals("sha256:0123456789ab", Format.shortDigest("sha256:0123456789abcdef0123"));
    }
}
