package dev.berth.registry.ui.browse;

import java.util.List;

/**
 * What a manifest is, for the tables: its platforms (an index's, or an image's from its config) and how many bytes a
 * pull of it moves, compressed, counting every platform of an index.
 *
 * @param platforms   {@code linux/amd64}, {@code linux/arm64/v8}; empty for an artifact
 * @param attestations entries of an index that are attestations rather than platforms (BuildKit's unknown/unknown)
 */
public record ImageFacts(List<String> platforms, long size, int attestations) {

    public ImageFacts {
        platforms = List.copyOf(platforms);
    }
}
