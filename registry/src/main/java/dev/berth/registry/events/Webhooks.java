package dev.berth.registry.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Delivers events to webhook receivers: each receiver has its own queue and sender (a virtual thread), so a slow one
 * holds up no request and no other receiver, and gets its events in order. A delivery is retried with exponential
 * backoff; one that fails every attempt, or finds the queue full, goes to the dead-letter log (a JSON line each, with
 * the body, so it can be replayed), as do those still queued when the registry stops.
 */
public final class Webhooks implements EventSink, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Webhooks.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int QUEUE = 10_000;
    private static final Duration LONGEST_WAIT = Duration.ofMinutes(1);

    private record Pending(RegistryEvent event, byte[] body) {
    }

    private final Path deadLetter;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final List<Receiver> receivers = new ArrayList<>();

    public Webhooks(List<Endpoint> endpoints, Path deadLetter, Clock clock) {
        this.deadLetter = deadLetter;
        this.clock = clock;
        for (Endpoint endpoint : endpoints) {
            Receiver receiver = new Receiver(endpoint);
            receivers.add(receiver);
            receiver.sender = Thread.ofVirtual().name("webhook-" + endpoint.name()).start(receiver::send);
        }
    }

    @Override
    public void publish(RegistryEvent event) {
        for (Receiver receiver : receivers) {
            if (receiver.endpoint.wants(event)) {
                receiver.endpoint.format().body(event).ifPresent(body -> {
                    if (!receiver.queue.offer(new Pending(event, body))) {
                        deadLetter(receiver.endpoint, body, 0, "the queue of " + QUEUE + " events was full");
                    }
                });
            }
        }
    }

    /** One receiver's queue and sender. */
    private final class Receiver {
        private final Endpoint endpoint;
        private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(QUEUE);
        private Thread sender;

        Receiver(Endpoint endpoint) {
            this.endpoint = endpoint;
        }

        void send() {
            while (!Thread.currentThread().isInterrupted()) {
                Pending pending;
                try {
                    pending = queue.take();
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    deliver(pending);
                } catch (InterruptedException e) {
                    deadLetter(endpoint, pending.body(), 0, "the registry stopped before it was delivered");
                    return;
                }
            }
        }

        private void deliver(Pending pending) throws InterruptedException {
            String failure = "";
            Duration wait = endpoint.backoff();
            for (int attempt = 1; attempt <= endpoint.attempts(); attempt++) {
                try {
                    HttpResponse<Void> response = http.send(request(pending), HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() / 100 == 2) {
                        return;
                    }
                    failure = "the receiver answered " + response.statusCode();
                } catch (IOException e) {
                    failure = "cannot reach the receiver: " + e;
                }
                if (attempt < endpoint.attempts()) {
                    Thread.sleep(wait);
                    wait = wait.multipliedBy(2).compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait.multipliedBy(2);
                }
            }
            deadLetter(endpoint, pending.body(), endpoint.attempts(), failure);
        }

        private HttpRequest request(Pending pending) {
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.url()).timeout(endpoint.timeout())
                    .header("Content-Type", endpoint.format().contentType())
                    .header("X-Berth-Event", pending.event().kind())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(pending.body()));
            endpoint.headers().forEach(request::header);
            endpoint.secret().ifPresent(key -> request.header("X-Berth-Signature-256", "sha256="
                    + signature(key, pending.body())));
            return request.build();
        }
    }

    /** The body's HMAC-SHA256 under the key, in hex, as GitHub's webhooks sign theirs. */
    static String signature(byte[] key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }

    private synchronized void deadLetter(Endpoint endpoint, byte[] body, int attempts, String failure) {
        ObjectNode line = JSON.createObjectNode();
        line.put("time", clock.instant().toString());
        line.put("endpoint", endpoint.name());
        line.put("url", endpoint.url().toString());
        line.put("attempts", attempts);
        line.put("error", failure);
        line.put("contentType", endpoint.format().contentType());
        line.put("body", new String(body, StandardCharsets.UTF_8));
        LOG.log(System.Logger.Level.WARNING, "webhook " + endpoint.name() + " missed an event (" + failure
                + "); it is in " + deadLetter);
        try {
            Files.createDirectories(deadLetter.toAbsolutePath().getParent());
            Files.write(deadLetter, (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot write the webhook dead-letter log " + deadLetter + ": " + e
                    + "; the event was " + new String(body, StandardCharsets.UTF_8));
        }
    }

    /** Stops the senders; what they had not delivered goes to the dead-letter log. */
    @Override
    public void close() {
        for (Receiver receiver : receivers) {
            receiver.sender.interrupt();
            List<Pending> left = new ArrayList<>();
            receiver.queue.drainTo(left);
            left.forEach(pending -> deadLetter(receiver.endpoint, pending.body(), 0, "the registry stopped first"));
        }
    }
}
