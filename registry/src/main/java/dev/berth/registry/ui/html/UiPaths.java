package dev.berth.registry.ui.html;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The addresses of the web UI's pages. A repository's pages sit under its name, and what follows {@code /-/} is
 * the page within it: no repository name has a {@code -} component, so the split is never ambiguous.
 */
public final class UiPaths {

    public static final String ROOT = "/ui";
    public static final String REPOSITORIES = ROOT + "/repositories";
    public static final String LOGIN = ROOT + "/login";
    public static final String LOGOUT = ROOT + "/logout";
    public static final String STORAGE = ROOT + "/storage";
    public static final String LIFECYCLE = ROOT + "/lifecycle";
    public static final String ASSETS = ROOT + "/assets/";

    /** What separates a repository's name from the page within it. */
    public static final String WITHIN = "/-/";

    private UiPaths() {
    }

    public static String repository(String name) {
        return REPOSITORIES + "/" + name;
    }

    public static String image(String repository, String digest) {
        return repository(repository) + WITHIN + "images/" + digest;
    }

    public static String deleteImage(String repository, String digest) {
        return image(repository, digest) + "/delete";
    }

    public static String deleteTag(String repository, String tag) {
        return repository(repository) + WITHIN + "tags/" + tag + "/delete";
    }

    /** A query parameter's value, encoded. */
    public static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
