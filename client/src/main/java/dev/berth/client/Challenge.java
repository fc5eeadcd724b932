package dev.berth.client;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code WWW-Authenticate} challenge: its scheme (Bearer or Basic) and parameters (realm, service, scope). */
record Challenge(String scheme, Map<String, String> parameters) {

    private static final Pattern PARAMETER = Pattern.compile("([a-zA-Z_]+)=\"([^\"]*)\"|([a-zA-Z_]+)=([^,\\s]+)");

    static Challenge parse(String header) {
        String trimmed = header.strip();
        int space = trimmed.indexOf(' ');
        String scheme = (space < 0 ? trimmed : trimmed.substring(0, space)).toLowerCase(Locale.ROOT);
        Map<String, String> parameters = new LinkedHashMap<>();
        if (space >= 0) {
            Matcher m = PARAMETER.matcher(trimmed.substring(space + 1));
            while (m.find()) {
                if (m.group(1) != null) {
                    parameters.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
                } else {
                    parameters.put(m.group(3).toLowerCase(Locale.ROOT), m.group(4));
                }
            }
        }
        return new Challenge(scheme, parameters);
    }

    boolean isBearer() {
        return scheme.equals("bearer");
    }
}
