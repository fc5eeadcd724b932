package dev.berth.registry.gc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one garbage collection reclaimed, or in a dry run would have.
 *
 * @param manifests  manifests reclaimed, with why
 * @param tags       signature tags removed because what they signed is gone
 * @param blobs      blobs deleted, and their bytes
 * @param spared     unreferenced blobs left because something touched them within the window
 * @param uploads    upload sessions (and S3 multipart uploads) removed for being idle too long
 */
public record GcReport(Instant started, Instant finished, boolean dryRun, Duration window,
                       List<ReclaimedManifest> manifests, List<RemovedTag> tags, long blobs, long bytes,
                       long spared, int uploads) {

    public GcReport {
        manifests = List.copyOf(manifests);
        tags = List.copyOf(tags);
    }

    public record ReclaimedManifest(String repository, String digest, String reason) {
    }

    public record RemovedTag(String repository, String tag, String reason) {
    }

    /** One line for the log and the command's output. */
    public String summary() {
        return (dryRun ? "would reclaim " : "reclaimed ") + manifests.size() + " manifest(s), " + tags.size()
                + " signature tag(s), " + blobs + " blob(s) (" + bytes + " bytes) and " + uploads
                + " idle upload(s) in " + Duration.between(started, finished).toMillis() + " ms; " + spared
                + " unreferenced blob(s) kept for being used within the last " + window.toString().substring(2)
                .toLowerCase(java.util.Locale.ROOT);
    }
}
