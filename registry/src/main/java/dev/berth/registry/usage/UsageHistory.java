package dev.berth.registry.usage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.berth.cache.settings.SettingsStore;
import dev.berth.registry.gc.GcReport;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The registry's storage over time, kept in its settings so that every node shows the same: one sample per day (the
 * day's last), and one record per garbage collection of what it reclaimed, each in a document of its own so that
 * nodes collecting at once never overwrite each other. Both are kept for {@link #KEPT_DAYS} days.
 */
public final class UsageHistory {

    /** How many days of history are kept. */
    public static final int KEPT_DAYS = 90;
    private static final String DAYS = "usage/days/";
    private static final String COLLECTIONS = "usage/collections/";

    private final SettingsStore settings;
    private final Clock clock;
    private final ObjectMapper json = JsonMapper.builder().addModule(new JavaTimeModule()).build();

    public UsageHistory(SettingsStore settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** What one garbage collection reclaimed. */
    public record Collection(Instant finished, long blobs, long bytes, int manifests) {
    }

    /** One day: its last sample, if any, and what was reclaimed in it. */
    public record Day(LocalDate date, Optional<UsageSample> sample, long reclaimedBytes) {
    }

    public void record(UsageSample sample) throws IOException {
        settings.write(DAYS + day(sample.at()), json.writeValueAsBytes(sample));
        prune(DAYS, sample.at());
    }

    /** Records a collection that was not a dry run. */
    public void collected(GcReport report) throws IOException {
        if (report.dryRun()) {
            return;
        }
        Collection collection = new Collection(report.finished(), report.blobs(), report.bytes(),
                report.manifests().size());
        settings.write(COLLECTIONS + day(report.finished()) + "-" + report.finished().toEpochMilli() + "-"
                + UUID.randomUUID(), json.writeValueAsBytes(collection));
        prune(COLLECTIONS, report.finished());
    }

    /** The latest sample, if any was taken. */
    public Optional<UsageSample> latest() throws IOException {
        List<String> days = settings.list(DAYS);
        return days.isEmpty() ? Optional.empty() : read(days.getLast(), UsageSample.class);
    }

    /** The last {@code count} days, oldest first. */
    public List<Day> days(int count) throws IOException {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<Collection> collections = collections();
        List<Day> days = new ArrayList<>();
        for (int back = count - 1; back >= 0; back--) {
            LocalDate date = today.minusDays(back);
            long reclaimed = collections.stream().filter(collection -> LocalDate.ofInstant(collection.finished(),
                    ZoneOffset.UTC).equals(date)).mapToLong(Collection::bytes).sum();
            days.add(new Day(date, read(DAYS + date, UsageSample.class), reclaimed));
        }
        return days;
    }

    /** Every recorded collection, oldest first. */
    public List<Collection> collections() throws IOException {
        List<Collection> collections = new ArrayList<>();
        for (String name : settings.list(COLLECTIONS)) {
            read(name, Collection.class).ifPresent(collections::add);
        }
        return collections;
    }

    private <T> Optional<T> read(String name, Class<T> type) throws IOException {
        Optional<byte[]> bytes = settings.read(name);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(bytes.get(), type));
        } catch (IOException damaged) {
            return Optional.empty();   // a document no version of this class wrote: shown as no data
        }
    }

    private static String day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC).toString();
    }

    /** Deletes what is older than the days kept; names begin with their day, so they sort by it. */
    private void prune(String folder, Instant now) throws IOException {
        String oldest = day(now.minus(Duration.ofDays(KEPT_DAYS)));
        for (String name : settings.list(folder)) {
            String relative = name.startsWith(folder) ? name.substring(folder.length()) : name;
            if (relative.compareTo(oldest) >= 0) {
                break;
            }
            settings.delete(name);
        }
    }
}
