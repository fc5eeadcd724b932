package dev.berth.cli.serve;

import dev.berth.registry.auth.RepositoryPattern;
import dev.berth.registry.events.Endpoint;
import dev.berth.registry.events.EventFormat;
import dev.berth.registry.events.WebhookSettings;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The config file's {@code events:} section: webhook receivers and the dead-letter log. */
final class EventsConfig {

    private EventsConfig() {
    }

    /** The section as written. */
    record Written(@com.fasterxml.jackson.annotation.JsonProperty("dead-letter") String deadLetter,
                   List<Webhook> webhooks) {
    }

    /** One receiver as written; {@code secret} is a file holding the HMAC key. */
    record Webhook(String name, String url, String format, String secret, Map<String, String> headers,
                   List<String> repositories, List<String> events, String timeout, Integer attempts) {
    }

    /**
     * The receivers the section names; events say {@code source} is this registry, and the dead-letter log is in
     * the data directory unless the section says where.
     */
    static WebhookSettings of(Path file, Written written, Path data, String source) throws ConfigException {
        Path defaultLog = data.resolve("events-dead-letter.jsonl");
        if (written == null) {
            return new WebhookSettings(List.of(), defaultLog);
        }
        List<Endpoint> endpoints = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Webhook hook : written.webhooks() == null ? List.<Webhook>of() : written.webhooks()) {
            String where = file + ": events.webhooks #" + (endpoints.size() + 1);
            if (hook.name() == null || !hook.name().matches("[a-z0-9][a-z0-9-]{0,63}") || !names.add(hook.name())) {
                throw new ConfigException(where + " needs a name of its own (lower-case letters, digits and -)");
            }
            if (hook.url() == null) {
                throw new ConfigException(where + " (" + hook.name() + ") needs a url");
            }
            try {
                endpoints.add(new Endpoint(hook.name(), new URI(hook.url()), EventFormat.named(
                        hook.format() == null ? "cloudevents" : hook.format(), source), secret(file, hook),
                        hook.headers() == null ? Map.of() : hook.headers(),
                        hook.repositories() == null ? List.of() : hook.repositories().stream()
                                .map(RepositoryPattern::of).toList(),
                        Set.copyOf(hook.events() == null ? List.of() : hook.events()),
                        hook.timeout() == null ? Duration.ofSeconds(10) : ServeConfig.duration(hook.timeout(),
                                where + " timeout"),
                        hook.attempts() == null ? 5 : hook.attempts(), Duration.ofSeconds(1)));
            } catch (URISyntaxException e) {
                throw new ConfigException(where + " (" + hook.name() + "): '" + hook.url() + "' is not a URL");
            } catch (IllegalArgumentException e) {
                throw new ConfigException(where + ": " + e.getMessage());
            }
        }
        Path log = written.deadLetter() == null ? defaultLog : file.resolveSibling(written.deadLetter());
        return new WebhookSettings(endpoints, log);
    }

    private static Optional<byte[]> secret(Path file, Webhook hook) throws ConfigException {
        if (hook.secret() == null) {
            return Optional.empty();
        }
        Path secret = file.resolveSibling(hook.secret());
        try {
            byte[] key = Files.readString(secret).strip().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (key.length < 16) {
                throw new ConfigException(file + ": the secret of webhook " + hook.name() + " (" + secret
                        + ") is shorter than 16 bytes: make a longer one, such as openssl rand -hex 32");
            }
            return Optional.of(key);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read the secret of webhook " + hook.name() + " (" + secret
                    + "): " + e.getMessage());
        }
    }
}
