package dev.berth.registry.ui;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A browser for the web UI's tests: keeps cookies, follows no redirects, reads the form token off each page. */
final class UiClient {

    private static final Pattern FORM_TOKEN = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"");

    private final CookieManager cookies = new CookieManager();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).build();
    private final IntSupplier port;
    private String formToken = "";

    UiClient(IntSupplier port) {
        this.port = port;
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + port.getAsInt() + path);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(url(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher token = FORM_TOKEN.matcher(response.body());
        if (token.find()) {
            formToken = token.group(1);
        }
        return response;
    }

    /** Posts the form with the form token of the last page read. */
    HttpResponse<String> post(String path, Map<String, String> fields) throws IOException, InterruptedException {
        return postRaw(path, Map.of(), withToken(fields));
    }

    /** Posts the fields as they are (no form token added), with extra headers. */
    HttpResponse<String> postRaw(String path, Map<String, String> headers, Map<String, String> fields)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(fields)));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Logs in through the login page. */
    HttpResponse<String> login(String user, String password) throws IOException, InterruptedException {
        get("/ui/login");
        return post("/ui/login", Map.of("username", user, "password", password));
    }

    /** The value of a cookie the registry set. */
    String cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(cookie -> cookie.getName().equals(name))
                .findFirst().orElseThrow().getValue();
    }

    String formToken() {
        return formToken;
    }

    private Map<String, String> withToken(Map<String, String> fields) {
        java.util.HashMap<String, String> all = new java.util.HashMap<>(fields);
        all.putIfAbsent("csrf", formToken);
        return all;
    }

    private static String encode(Map<String, String> fields) {
        return fields.entrySet().stream().map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}
