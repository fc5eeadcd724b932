package dev.berth.oci.reference;

import dev.berth.oci.digest.Digest;
import java.util.Objects;

/**
 * An image reference in Docker's grammar, {@code [host[:port]/]path[:tag][@digest]}, normalized as Docker does:
 * no host means Docker Hub ({@code docker.io}), and a one-component path there gets {@code library/}.
 *
 * @param registry   the registry host, with port if any, such as {@code docker.io} or {@code localhost:5000}
 * @param repository the repository within the registry
 * @param tag        the tag, or null
 * @param digest     the digest, or null
 */
public record Reference(String registry, RepositoryName repository, Tag tag, Digest digest) {

    public static final String DOCKER_HUB = "docker.io";
    public static final Tag DEFAULT_TAG = Tag.of("latest");

    public Reference {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
    }

    /** Parses and normalizes a reference; the exception's message names the part that is wrong. */
    public static Reference parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("image reference is empty");
        }
        String rest = text;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Digest.parse(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        Tag tag = null;
        int lastSlash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > lastSlash) {
            tag = Tag.of(rest.substring(colon + 1));
            rest = rest.substring(0, colon);
        }
        String registry = DOCKER_HUB;
        int firstSlash = rest.indexOf('/');
        if (firstSlash > 0 && isRegistryHost(rest.substring(0, firstSlash))) {
            registry = rest.substring(0, firstSlash);
            rest = rest.substring(firstSlash + 1);
        }
        if (registry.equals("index.docker.io")) {
            registry = DOCKER_HUB;
        }
        if (registry.equals(DOCKER_HUB) && !rest.contains("/")) {
            rest = "library/" + rest;
        }
        if (!rest.equals(rest.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("invalid reference '" + text + "': repository name must be lowercase");
        }
        return new Reference(registry, RepositoryName.of(rest), tag, digest);
    }

    private static boolean isRegistryHost(String component) {
        return component.contains(".") || component.contains(":") || component.equals("localhost");
    }

    /** This reference, tagged {@code latest} when it has neither tag nor digest. */
    public Reference withDefaultTag() {
        return tag == null && digest == null ? new Reference(registry, repository, DEFAULT_TAG, null) : this;
    }

    /** This reference pinned to a digest, keeping its tag for people to read ({@code name:tag@digest}). */
    public Reference withDigest(Digest pinned) {
        return new Reference(registry, repository, tag, pinned);
    }

    /** The repository alone, with neither tag nor digest. */
    public Reference repositoryOnly() {
        return new Reference(registry, repository, null, null);
    }

    /** What to ask the registry's manifests endpoint for: the digest when there is one, else the tag. */
    public String manifestReference() {
        if (digest != null) {
            return digest.toString();
        }
        return (tag == null ? DEFAULT_TAG : tag).value();
    }

    @Override
    public String toString() {
        return registry + "/" + repository + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }
}
