package dev.berth.builder.build;

import dev.berth.oci.manifest.ImageConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The times of an image's history, as BuildKit's exporter sets them: a layer step keeps the time its layer was made
 * (so a rebuild from the cache keeps it), and a metadata step, recorded without a time, takes the time of the first
 * layer made after the first metadata step, or later, of the layer step before it. The image's {@code created} is the
 * last entry's time, so a rebuild in which every step is cached gives the same config and digest.
 */
final class HistoryTimes {

    private HistoryTimes() {
    }

    /** The history with every entry's time filled in. */
    static List<ImageConfig.History> fill(List<ImageConfig.History> history) {
        String created = null;
        boolean untimedSeen = false;
        for (ImageConfig.History entry : history) {
            if (entry.created() != null) {
                created = entry.created();
                if (untimedSeen) {
                    break;
                }
            } else {
                untimedSeen = true;
            }
        }
        List<ImageConfig.History> filled = new ArrayList<>();
        untimedSeen = false;
        for (ImageConfig.History entry : history) {
            if (entry.created() != null) {
                if (untimedSeen) {
                    created = entry.created();
                }
                filled.add(entry);
            } else {
                untimedSeen = true;
                filled.add(new ImageConfig.History(created, entry.createdBy(), entry.author(), entry.comment(),
                        entry.emptyLayer()));
            }
        }
        return filled;
    }

    /** The image's creation time: its last history entry's, if any has one. */
    static String created(List<ImageConfig.History> filled) {
        for (int i = filled.size() - 1; i >= 0; i--) {
            if (filled.get(i).created() != null) {
                return filled.get(i).created();
            }
        }
        return null;
    }
}
