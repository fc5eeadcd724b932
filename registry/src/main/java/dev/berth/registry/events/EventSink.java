package dev.berth.registry.events;

/** Where the registry's events go: webhooks, or nowhere. Publishing never blocks the request that caused it long. */
@FunctionalInterface
public interface EventSink {

    /** Drops every event: no webhooks configured. */
    EventSink NONE = event -> { };

    void publish(RegistryEvent event);
}
