package dev.berth.cache.disk;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.oci.reference.Tag;
import java.nio.file.Path;

/**
 * Where everything lives under the data directory. Every path is built from validated values (digests, repository
 * names, tags, UUIDs), so no request can name a file outside the data directory.
 *
 * <pre>
 * blobs/sha256/ab/abcdef...                       blob content, shared by all repositories
 * uploads/UUID/data, uploads/UUID/state.json      upload sessions
 * repositories/NAME/_links/sha256/HEX             the repository's blobs
 * repositories/NAME/_manifests/sha256/HEX.json    the repository's manifest records
 * repositories/NAME/_tags/TAG.json                the repository's tags
 * repositories/NAME/_referrers/sha256/SUBJECT/sha256-HEX   the referrers index
 * repositories/NAME/_deleted                      when the repository was last deleted
 * repositories/NAME/_pulls/sha256/HEX            when the manifest was last pulled (recorded once an hour)
 * settings/lifecycle/...                         lifecycle policies set through the API
 * gc/touched/sha256/HEX                           when something last referenced the content
 * gc/condemned/sha256-HEX.UNTIL.SWEEP             what a garbage collection is deleting
 * tmp/                                            temp files, renamed into place when complete
 * </pre>
 */
record DiskLayout(Path root) {

    static final String REPOSITORY_MARKERS_PREFIX = "_";

    Path tmp() {
        return root.resolve("tmp");
    }

    Path blobs() {
        return root.resolve("blobs");
    }

    Path blob(Digest digest) {
        return blobs().resolve(digest.algorithm().prefix()).resolve(digest.hex().substring(0, 2))
                .resolve(digest.hex());
    }

    /** When something last referenced the digest's content, for garbage collection. */
    Path touched(Digest digest) {
        return root.resolve("gc").resolve("touched").resolve(digest.algorithm().prefix()).resolve(digest.hex());
    }

    /** The digests a running garbage collection is about to delete. */
    Path condemned() {
        return root.resolve("gc").resolve("condemned");
    }

    /** The registry's own settings documents. */
    Path settings() {
        return root.resolve("settings");
    }

    /** When a repository's manifest was last pulled, as recorded. */
    Path pulled(RepositoryName name, Digest digest) {
        return repository(name).resolve("_pulls").resolve(digest.algorithm().prefix()).resolve(digest.hex());
    }

    Path uploads() {
        return root.resolve("uploads");
    }

    Path upload(String uuid) {
        return uploads().resolve(uuid);
    }

    Path repositories() {
        return root.resolve("repositories");
    }

    Path repository(RepositoryName name) {
        return repositories().resolve(name.value());
    }

    /** When the repository was last deleted (a file beside its record directories, which survives them). */
    Path deletion(RepositoryName name) {
        return repository(name).resolve(REPOSITORY_MARKERS_PREFIX + "deleted");
    }

    Path blobLink(RepositoryName name, Digest digest) {
        return repository(name).resolve("_links").resolve(digest.algorithm().prefix()).resolve(digest.hex());
    }

    Path manifest(RepositoryName name, Digest digest) {
        return repository(name).resolve("_manifests").resolve(digest.algorithm().prefix())
                .resolve(digest.hex() + ".json");
    }

    Path tags(RepositoryName name) {
        return repository(name).resolve("_tags");
    }

    Path tag(RepositoryName name, Tag tag) {
        return tags(name).resolve(tag.value() + ".json");
    }

    Path referrers(RepositoryName name, Digest subject) {
        return repository(name).resolve("_referrers").resolve(subject.algorithm().prefix()).resolve(subject.hex());
    }

    Path referrer(RepositoryName name, Digest subject, Digest referrer) {
        return referrers(name, subject).resolve(referrer.algorithm().prefix() + "-" + referrer.hex());
    }
}
