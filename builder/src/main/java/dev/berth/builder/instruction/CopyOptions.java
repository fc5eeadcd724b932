package dev.berth.builder.instruction;

import java.util.List;

/**
 * The flags of COPY and ADD, unexpanded.
 *
 * @param from        COPY --from: a stage name or index, or an image; null for the context
 * @param chown       --chown user[:group], or null
 * @param chmod       --chmod octal or symbolic mode, or null
 * @param link        --link
 * @param parents     COPY --parents
 * @param excludes    --exclude patterns
 * @param checksum    ADD --checksum for a URL source, or null
 * @param keepGitDir  ADD --keep-git-dir
 * @param unpack      ADD --unpack, or null for the default (archives from the context are unpacked)
 */
public record CopyOptions(String from, String chown, String chmod, boolean link, boolean parents,
                          List<String> excludes, String checksum, boolean keepGitDir, Boolean unpack) {

    public CopyOptions {
        excludes = List.copyOf(excludes);
    }
}
