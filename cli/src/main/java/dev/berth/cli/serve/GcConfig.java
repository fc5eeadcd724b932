package dev.berth.cli.serve;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.registry.gc.GcSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The config file's {@code gc:} section: how the registry collects garbage. */
final class GcConfig {

    private GcConfig() {
    }

    /** The section as written. */
    record Written(String grace, @JsonProperty("push-deadline") String pushDeadline,
                   @JsonProperty("delete-untagged") Boolean deleteUntagged, String every) {
    }

    /** The settings the section gives, the defaults where it is silent. */
    static GcSettings of(Path file, Written written) throws ConfigException {
        GcSettings defaults = GcSettings.defaults();
        if (written == null) {
            return defaults;
        }
        String where = file + ": gc.";
        Duration grace = written.grace() == null ? defaults.grace() : graceOf(where, written.grace());
        Duration pushDeadline = written.pushDeadline() == null ? defaults.pushDeadline()
                : ServeConfig.duration(written.pushDeadline(), where + "push-deadline");
        Optional<Duration> every = written.every() == null ? Optional.empty()
                : Optional.of(ServeConfig.duration(written.every(), where + "every"));
        return new GcSettings(grace, pushDeadline, Boolean.TRUE.equals(written.deleteUntagged()), every);
    }

    /** A grace window may be zero (for tests): {@code 0}, {@code 0s}; else a duration as elsewhere. */
    static Duration graceOf(String where, String text) throws ConfigException {
        if (text.strip().matches("0[smhd]?")) {
            return Duration.ZERO;
        }
        return ServeConfig.duration(text, where + "grace");
    }
}
