package dev.berth.registry.events;

import java.util.Optional;

/** How an event is written for a receiver: CloudEvents, or Distribution's notifications for existing receivers. */
public sealed interface EventFormat permits CloudEventsFormat, DistributionFormat {

    String contentType();

    /** The request body for the event; empty if the format has no way to say it. */
    Optional<byte[]> body(RegistryEvent event);

    /** The format a config names: {@code cloudevents} or {@code distribution}. */
    static EventFormat named(String name, String source) {
        return switch (name) {
            case "cloudevents" -> new CloudEventsFormat(source);
            case "distribution" -> new DistributionFormat(source);
            default -> throw new IllegalArgumentException("event format '" + name + "' is not cloudevents or "
                    + "distribution");
        };
    }
}
