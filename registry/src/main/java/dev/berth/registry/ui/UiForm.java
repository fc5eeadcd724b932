package dev.berth.registry.ui;

import dev.berth.registry.http.Forms;
import dev.berth.registry.ui.html.Layout;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/**
 * A form posted to the web UI, read only if it carries the viewer's form token: the one way the UI's handlers read
 * a form, so that no action is taken on a request another site's page made the browser send.
 */
public record UiForm(Map<String, String> fields) {

    /** Forms here are a few fields; a lifecycle policy is the largest. */
    private static final int MAXIMUM = 256 * 1024;

    /** The request's form, if it carries the viewer's token. */
    public static UiForm read(ServerRequest request, Viewer viewer) throws IOException, UiException {
        Map<String, String> fields;
        try {
            fields = Forms.read(request, MAXIMUM);
        } catch (IllegalArgumentException e) {
            throw UiException.badRequest("The form could not be read: " + e.getMessage() + ".");
        }
        String token = fields.getOrDefault(Layout.FORM_TOKEN, "");
        if (!MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                viewer.formToken().getBytes(StandardCharsets.UTF_8))) {
            throw UiException.forbidden("This form is out of date or did not come from this site: reload the page "
                    + "and try again.");
        }
        return new UiForm(Map.copyOf(fields));
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(fields.get(name)).filter(value -> !value.isEmpty());
    }
}
