package dev.berth.registry.events;

import dev.berth.cache.repository.ManifestRecord;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.oci.reference.Tag;
import dev.berth.registry.http.AccessCheck;
import dev.berth.registry.http.RegistryHeaders;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.time.Clock;
import java.util.Optional;

/** The events of the API's requests, with who made them and from where, for the {@link EventSink}. */
public final class RequestEvents {

    private final EventSink sink;
    private final Clock clock;

    public RequestEvents(EventSink sink, Clock clock) {
        this.sink = sink;
        this.clock = clock;
    }

    /** A manifest pushed; {@code previous} is what the tag pointed at before, if it did. */
    public void pushed(ServerRequest request, RepositoryName repository, ManifestRecord record, Tag tag,
                       Optional<Digest> previous) {
        Optional<String> tagName = Optional.ofNullable(tag).map(Tag::value);
        sink.publish(new RegistryEvent.Pushed(clock.instant(), actor(request), repository.value(),
                record.digest().toString(), record.mediaType(), record.size(), tagName, Optional.of(of(request))));
        if (tag != null && previous.isPresent() && !previous.get().equals(record.digest())) {
            sink.publish(new RegistryEvent.TagMoved(clock.instant(), actor(request), repository.value(), tag.value(),
                    previous.get().toString(), record.digest().toString(), Optional.of(of(request))));
        }
    }

    /** A manifest deleted by digest, or a tag deleted. */
    public void deleted(ServerRequest request, RepositoryName repository, Digest digest, Tag tag) {
        deleted(request, actor(request), repository, digest, tag);
    }

    /** As above, by the given actor (one the web UI's session names, not the API's access check). */
    public void deleted(ServerRequest request, String actor, RepositoryName repository, Digest digest, Tag tag) {
        sink.publish(new RegistryEvent.Deleted(clock.instant(), actor, repository.value(),
                Optional.ofNullable(digest).map(Digest::toString), Optional.ofNullable(tag).map(Tag::value),
                Optional.of(of(request))));
    }

    /** Who made an API request, as access control found. */
    public static String actor(ServerRequest request) {
        return AccessCheck.of(request).map(AccessCheck::caller).orElse("anonymous");
    }

    private static RegistryEvent.Request of(ServerRequest request) {
        return new RegistryEvent.Request(request.headers().first(RegistryHeaders.REQUEST_ID).orElse(""),
                request.remotePeer().host(), request.headers().first(HeaderNames.HOST).orElse(""),
                request.prologue().method().text(), request.headers().first(HeaderNames.USER_AGENT).orElse(""));
    }
}
