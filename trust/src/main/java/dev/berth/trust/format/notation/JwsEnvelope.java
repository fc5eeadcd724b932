package dev.berth.trust.format.notation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.trust.format.StrictJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads a Notary JWS envelope (JSON serialization, one signature): protected headers, x5c chain, payload. */
final class JwsEnvelope {

    private static final Set<String> ALGORITHMS = Set.of("PS256", "PS384", "PS512", "ES256", "ES384", "ES512");

    private JwsEnvelope() {
    }

    static NotationEnvelope parse(byte[] bytes) {
        StrictJson json = new StrictJson("the JWS envelope");
        JsonNode root = json.read(bytes);
        json.only(root, "", Set.of("payload", "protected", "header", "signature"));
        String protectedB64 = json.text(root, "protected", "");
        String payloadB64 = json.text(root, "payload", "");
        Optional<byte[]> payload;
        try {
            payload = Optional.of(Base64.getUrlDecoder().decode(payloadB64));
        } catch (IllegalArgumentException e) {
            payload = Optional.empty();
        }
        StrictJson headers = new StrictJson("the JWS protected header");
        JsonNode header = headers.read(decode(json, protectedB64, "protected"));
        String algorithm = headers.text(header, "alg", "");
        if (!ALGORITHMS.contains(algorithm)) {
            throw headers.error("", "has an unsupported alg \"" + algorithm + "\" (" + ALGORITHMS + ")");
        }
        String contentType = headers.text(header, "cty", "");
        if (!contentType.equals(NotationEnvelope.PAYLOAD_TYPE)) {
            throw headers.error("", "has content type " + contentType + ", not " + NotationEnvelope.PAYLOAD_TYPE);
        }
        Set<String> critical = new LinkedHashSet<>();
        for (JsonNode name : headers.array(header, "crit", "")) {
            if (!name.isTextual() || !critical.add(name.asText()) || !header.has(name.asText())) {
                throw headers.error("crit", "lists a name twice, a non-string, or a header that is absent");
            }
        }
        String scheme = headers.text(header, NotationEnvelope.SCHEME, "");
        Optional<Instant> signingTime = time(headers, header, NotationEnvelope.SIGNING_TIME);
        Optional<Instant> authentic = time(headers, header, NotationEnvelope.AUTHENTIC_SIGNING_TIME);
        Optional<Instant> expiry = time(headers, header, NotationEnvelope.EXPIRY);
        JsonNode unprotected = root.path("header");
        json.object(unprotected, "header");
        List<byte[]> chain = new ArrayList<>();
        for (JsonNode certificate : json.array(unprotected, "x5c", "header")) {
            if (!certificate.isTextual()) {
                throw json.error("header.x5c", "is not a list of base64 certificates");
            }
            chain.add(decodeStandard(json, certificate.asText(), "header.x5c"));
        }
        Optional<byte[]> timestamp = json.optionalText(unprotected, NotationEnvelope.TIMESTAMP, "header")
                .map(text -> decodeStandard(json, text, "header." + NotationEnvelope.TIMESTAMP));
        NotationEnvelope.requireConsistent(scheme, critical, signingTime, authentic, expiry, chain);
        return new NotationEnvelope(NotationEnvelope.JWS, algorithm, scheme, signingTime, authentic, expiry, chain,
                timestamp, payload, decode(json, json.text(root, "signature", ""), "signature"),
                (protectedB64 + "." + payloadB64).getBytes(StandardCharsets.US_ASCII));
    }

    private static Optional<Instant> time(StrictJson json, JsonNode header, String name) {
        return json.optionalText(header, name, "").map(text -> {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                throw json.error("", "has a " + name + " that is not RFC 3339: " + text);
            }
        });
    }

    private static byte[] decode(StrictJson json, String text, String what) {
        try {
            return Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw json.error("", "has a " + what + " that is not base64url");
        }
    }

    private static byte[] decodeStandard(StrictJson json, String text, String where) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw json.error(where, "is not base64");
        }
    }
}
