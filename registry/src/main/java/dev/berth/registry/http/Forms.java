package dev.berth.registry.http;

import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** HTML and OAuth2 forms ({@code application/x-www-form-urlencoded}), read whole: they are small. */
public final class Forms {

    private Forms() {
    }

    /**
     * The fields of the request's form.
     *
     * @param maximum the most bytes a form may have
     * @throws IllegalArgumentException naming what is wrong: too large, or a field given twice
     */
    public static Map<String, String> read(ServerRequest request, int maximum) throws IOException {
        byte[] body;
        try (InputStream in = request.content().inputStream()) {
            body = in.readNBytes(maximum + 1);
        }
        if (body.length > maximum) {
            throw new IllegalArgumentException("the form is larger than " + maximum + " bytes");
        }
        return parse(new String(body, StandardCharsets.UTF_8));
    }

    /** The fields of an encoded form. */
    public static Map<String, String> parse(String encoded) {
        Map<String, String> form = new HashMap<>();
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            if (form.putIfAbsent(name, value) != null) {
                throw new IllegalArgumentException("the form has " + name + " twice");
            }
        }
        return form;
    }
}
