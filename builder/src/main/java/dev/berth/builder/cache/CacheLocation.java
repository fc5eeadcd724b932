package dev.berth.builder.cache;

import dev.berth.oci.reference.Reference;
import java.nio.file.Path;

/**
 * Where a build cache is exported to or imported from, as {@code --cache-to} and {@code --cache-from} name it:
 * a registry artifact, an OCI layout directory, or inline in the built image's config (read back with
 * {@code type=registry} and the image's reference).
 */
public sealed interface CacheLocation {

    /** {@code type=registry,ref=REF} (or a bare REF). */
    record Registry(Reference reference) implements CacheLocation {
    }

    /** {@code type=local,dest=DIR} to export, {@code type=local,src=DIR} to import. */
    record Local(Path directory) implements CacheLocation {
    }

    /** {@code type=inline}: the cache of the image's own layers, in its config; export only. */
    record Inline() implements CacheLocation {
    }
}
