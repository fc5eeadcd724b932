package dev.berth.registry.ui;

/**
 * A page that cannot be shown, with the status and the words the error page gives. Thrown by the web UI's handlers
 * and rendered once, by {@link WebUi}.
 */
public final class UiException extends Exception {

    private final int status;
    private final String title;

    public UiException(int status, String title, String message) {
        super(message);
        this.status = status;
        this.title = title;
    }

    /**
     * The answer for a repository (or anything in it) that does not exist or that the viewer may not pull: the two
     * are told apart by nothing, not even the wording.
     */
    public static UiException noRepository(String name) {
        return new UiException(404, "Not found", "There is no repository " + name + ", or you may not see it.");
    }

    /** The answer for a tag or manifest missing from a repository the viewer may pull. */
    public static UiException notFound(String what) {
        return new UiException(404, "Not found", what + " is not here (it may have been deleted).");
    }

    public static UiException forbidden(String message) {
        return new UiException(403, "Not allowed", message);
    }

    public static UiException badRequest(String message) {
        return new UiException(400, "Cannot do that", message);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
