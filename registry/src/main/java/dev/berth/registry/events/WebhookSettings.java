package dev.berth.registry.events;

import java.nio.file.Path;
import java.util.List;

/** The webhook receivers, and the file where events they could not take are kept. */
public record WebhookSettings(List<Endpoint> endpoints, Path deadLetter) {

    public WebhookSettings {
        endpoints = List.copyOf(endpoints);
    }

    /** No receivers. */
    public static WebhookSettings none() {
        return new WebhookSettings(List.of(), Path.of("events-dead-letter.jsonl"));
    }
}
