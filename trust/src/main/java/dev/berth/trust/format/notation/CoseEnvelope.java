package dev.berth.trust.format.notation;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a Notary COSE_Sign1 envelope: the protected header (algorithm, critical names, content type, signing scheme
 * and times), the unprotected x5chain and timestamp, and the Sig_structure the signature covers.
 */
final class CoseEnvelope {

    private static final CBORMapper CBOR = CBORMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final Map<Integer, String> ALGORITHMS = Map.of(-37, "PS256", -38, "PS384", -39, "PS512",
            -7, "ES256", -35, "ES384", -36, "ES512");
    private static final String ALG = "1";
    private static final String CRIT = "2";
    private static final String CONTENT_TYPE = "3";
    private static final String X5CHAIN = "33";

    private CoseEnvelope() {
    }

    static NotationEnvelope parse(byte[] bytes) {
        JsonNode sign1 = read(bytes, "the COSE envelope");
        if (!sign1.isArray() || sign1.size() != 4 || !sign1.get(0).isBinary() || !sign1.get(1).isObject()
                || !sign1.get(2).isBinary() || !sign1.get(3).isBinary()) {
            throw new IllegalArgumentException("the COSE envelope is not a COSE_Sign1 with an attached payload");
        }
        byte[] protectedBytes = binary(sign1.get(0));
        JsonNode header = read(protectedBytes, "the COSE protected header");
        if (!header.isObject()) {
            throw new IllegalArgumentException("the COSE protected header is not a map");
        }
        String algorithm = ALGORITHMS.get(header.path(ALG).asInt(0));
        if (algorithm == null) {
            throw new IllegalArgumentException("the COSE envelope has an unsupported algorithm " + header.path(ALG));
        }
        if (!NotationEnvelope.PAYLOAD_TYPE.equals(header.path(CONTENT_TYPE).asText())) {
            throw new IllegalArgumentException("the COSE envelope's content type is not "
                    + NotationEnvelope.PAYLOAD_TYPE);
        }
        Set<String> critical = new LinkedHashSet<>();
        for (JsonNode name : header.path(CRIT)) {
            if (!critical.add(name.asText()) || !header.has(name.asText())) {
                throw new IllegalArgumentException("the COSE envelope's crit lists a name twice or an absent header");
            }
        }
        JsonNode unprotected = sign1.get(1);
        List<byte[]> chain = new ArrayList<>();
        JsonNode x5chain = unprotected.path(X5CHAIN);
        if (x5chain.isBinary()) {
            chain.add(binary(x5chain));
        } else {
            for (JsonNode certificate : x5chain) {
                chain.add(binary(certificate));
            }
        }
        Optional<byte[]> timestamp = unprotected.has(NotationEnvelope.TIMESTAMP)
                ? Optional.of(binary(unprotected.get(NotationEnvelope.TIMESTAMP))) : Optional.empty();
        String scheme = header.path(NotationEnvelope.SCHEME).asText("");
        Optional<Instant> signingTime = time(header, NotationEnvelope.SIGNING_TIME);
        Optional<Instant> authentic = time(header, NotationEnvelope.AUTHENTIC_SIGNING_TIME);
        Optional<Instant> expiry = time(header, NotationEnvelope.EXPIRY);
        NotationEnvelope.requireConsistent(scheme, critical, signingTime, authentic, expiry, chain);
        byte[] payload = binary(sign1.get(2));
        return new NotationEnvelope(NotationEnvelope.COSE, algorithm, scheme, signingTime, authentic, expiry, chain,
                timestamp, Optional.of(payload), binary(sign1.get(3)), sigStructure(protectedBytes, payload));
    }

    /** What a COSE_Sign1 signature covers: {@code ["Signature1", protected, h'', payload]} in CBOR. */
    static byte[] sigStructure(byte[] protectedBytes, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x84);
        byte[] context = "Signature1".getBytes(StandardCharsets.US_ASCII);
        head(out, 3, context.length);
        out.writeBytes(context);
        head(out, 2, protectedBytes.length);
        out.writeBytes(protectedBytes);
        head(out, 2, 0);
        head(out, 2, payload.length);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** A CBOR head: the major type and the length, in the shortest form. */
    private static void head(ByteArrayOutputStream out, int major, long length) {
        int type = major << 5;
        if (length < 24) {
            out.write(type | (int) length);
        } else if (length < 0x100) {
            out.write(type | 24);
            out.write((int) length);
        } else if (length < 0x10000) {
            out.write(type | 25);
            out.write((int) (length >> 8));
            out.write((int) length);
        } else {
            out.write(type | 26);
            for (int shift = 24; shift >= 0; shift -= 8) {
                out.write((int) (length >> shift));
            }
        }
    }

    private static Optional<Instant> time(JsonNode header, String name) {
        JsonNode value = header.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.canConvertToLong()) {
            throw new IllegalArgumentException("the COSE envelope's " + name + " is not a time in seconds");
        }
        return Optional.of(Instant.ofEpochSecond(value.asLong()));
    }

    private static JsonNode read(byte[] bytes, String what) {
        try {
            return CBOR.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " is not CBOR: " + e.getMessage().lines().findFirst()
                    .orElse(""));
        }
    }

    private static byte[] binary(JsonNode node) {
        if (node == null || !node.isBinary()) {
            throw new IllegalArgumentException("the COSE envelope has a value that should be a byte string and is not");
        }
        try {
            return node.binaryValue();
        } catch (IOException e) {
            throw new IllegalArgumentException("the COSE envelope has a byte string that cannot be read");
        }
    }
}
