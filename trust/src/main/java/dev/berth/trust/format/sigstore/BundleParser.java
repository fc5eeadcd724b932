package dev.berth.trust.format.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.trust.format.StrictJson;
import dev.berth.trust.format.dsse.DsseEnvelope;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads Sigstore bundles (protobuf-specs' JSON form) strictly: unknown versions and keys, duplicate keys, both or
 * neither content, a bundle larger than any real one, are errors naming the place. Structural rules of each version
 * (a v0.1 entry's promise, a v0.2+ entry's inclusion proof, v0.3's single certificate) are checked here; what the
 * bytes mean is the verifier's job.
 */
public final class BundleParser {

    /** Real bundles are a few kilobytes; a DSSE provenance with a long proof stays well under this. */
    public static final int MAXIMUM_BUNDLE = 1024 * 1024;

    private final StrictJson json = new StrictJson("the bundle");

    private BundleParser() {
    }

    /**
     * Parses a bundle.
     *
     * @throws IllegalArgumentException naming what is malformed
     */
    public static Bundle parse(byte[] bytes) {
        if (bytes.length > MAXIMUM_BUNDLE) {
            throw new IllegalArgumentException("the bundle is larger than " + MAXIMUM_BUNDLE + " bytes");
        }
        return new BundleParser().bundle(bytes);
    }

    private Bundle bundle(byte[] bytes) {
        JsonNode root = json.read(bytes);
        json.only(root, "", Set.of("mediaType", "verificationMaterial", "messageSignature", "dsseEnvelope"));
        Bundle.Version version = version(json.text(root, "mediaType", ""));
        JsonNode material = root.get("verificationMaterial");
        json.only(material, "verificationMaterial", Set.of("publicKey", "x509CertificateChain", "certificate",
                "tlogEntries", "timestampVerificationData"));
        Bundle.Signer signer = signer(material, version);
        List<Bundle.TransparencyLogEntry> entries = new ArrayList<>();
        List<JsonNode> written = json.array(material, "tlogEntries", "verificationMaterial");
        for (int i = 0; i < written.size(); i++) {
            entries.add(entry(written.get(i), "verificationMaterial.tlogEntries[" + i + "]", version));
        }
        return new Bundle(version, signer, entries, timestamps(material), content(root));
    }

    private Bundle.Version version(String mediaType) {
        return switch (mediaType) {
            case "application/vnd.dev.sigstore.bundle+json;version=0.1" -> Bundle.Version.V0_1;
            case "application/vnd.dev.sigstore.bundle+json;version=0.2" -> Bundle.Version.V0_2;
            case "application/vnd.dev.sigstore.bundle+json;version=0.3", Bundle.MEDIA_TYPE -> Bundle.Version.V0_3;
            default -> throw json.error("", "has an unknown mediaType \"" + mediaType + "\" (versions 0.1 to 0.3 "
                    + "are known)");
        };
    }

    private Bundle.Signer signer(JsonNode material, Bundle.Version version) {
        List<String> present = List.of("publicKey", "x509CertificateChain", "certificate").stream()
                .filter(material::has).toList();
        if (present.size() != 1) {
            throw json.error("verificationMaterial", "needs exactly one of publicKey, x509CertificateChain and "
                    + "certificate, not " + present);
        }
        String where = "verificationMaterial." + present.getFirst();
        JsonNode node = material.get(present.getFirst());
        return switch (present.getFirst()) {
            case "publicKey" -> {
                json.only(node, where, Set.of("hint"));
                yield new Bundle.Signer.PublicKeyHint(json.optionalText(node, "hint", where).orElse(""));
            }
            case "certificate" -> {
                json.only(node, where, Set.of("rawBytes"));
                yield new Bundle.Signer.Certificates(List.of(json.bytes(node, "rawBytes", where)));
            }
            default -> {
                json.only(node, where, Set.of("certificates"));
                List<byte[]> chain = new ArrayList<>();
                List<JsonNode> certificates = json.array(node, "certificates", where);
                for (int i = 0; i < certificates.size(); i++) {
                    json.only(certificates.get(i), where + ".certificates[" + i + "]", Set.of("rawBytes"));
                    chain.add(json.bytes(certificates.get(i), "rawBytes", where + ".certificates[" + i + "]"));
                }
                if (chain.isEmpty()) {
                    throw json.error(where, "has no certificates");
                }
                yield new Bundle.Signer.Certificates(chain);
            }
        };
    }

    private Bundle.TransparencyLogEntry entry(JsonNode node, String where, Bundle.Version version) {
        json.only(node, where, Set.of("logIndex", "logId", "kindVersion", "integratedTime", "inclusionPromise",
                "inclusionProof", "canonicalizedBody"));
        long logIndex = json.int64(node, "logIndex", where);
        if (logIndex < 0) {
            throw json.error(where, "has a negative logIndex");
        }
        JsonNode logId = node.get("logId");
        json.only(logId, where + ".logId", Set.of("keyId"));
        JsonNode kind = node.get("kindVersion");
        json.only(kind, where + ".kindVersion", Set.of("kind", "version"));
        Optional<byte[]> promise = Optional.empty();
        if (present(node, "inclusionPromise")) {
            json.only(node.get("inclusionPromise"), where + ".inclusionPromise", Set.of("signedEntryTimestamp"));
            promise = Optional.of(json.bytes(node.get("inclusionPromise"), "signedEntryTimestamp",
                    where + ".inclusionPromise"));
        }
        Optional<Bundle.InclusionProof> proof = present(node, "inclusionProof")
                ? Optional.of(proof(node.get("inclusionProof"), where + ".inclusionProof", version))
                : Optional.empty();
        if (version == Bundle.Version.V0_1 && promise.isEmpty()) {
            throw json.error(where, "has no inclusionPromise, which a v0.1 bundle needs");
        }
        if (version != Bundle.Version.V0_1 && proof.isEmpty()) {
            throw json.error(where, "has no inclusionProof, which a v0.2 or later bundle needs");
        }
        return new Bundle.TransparencyLogEntry(logIndex, json.bytes(logId, "keyId", where + ".logId"),
                json.text(kind, "kind", where + ".kindVersion"), json.text(kind, "version", where + ".kindVersion"),
                json.optionalInt64(node, "integratedTime", where), promise, proof,
                json.bytes(node, "canonicalizedBody", where));
    }

    private Bundle.InclusionProof proof(JsonNode node, String where, Bundle.Version version) {
        json.only(node, where, Set.of("logIndex", "rootHash", "treeSize", "hashes", "checkpoint"));
        if (!node.has("checkpoint") && version != Bundle.Version.V0_1) {
            throw json.error(where, "has no checkpoint, which a v0.2 or later bundle needs");
        }
        Optional<String> checkpoint = Optional.empty();
        if (node.has("checkpoint")) {
            json.only(node.get("checkpoint"), where + ".checkpoint", Set.of("envelope"));
            checkpoint = Optional.of(json.text(node.get("checkpoint"), "envelope", where + ".checkpoint"));
        }
        List<byte[]> hashes = new ArrayList<>();
        List<JsonNode> written = json.array(node, "hashes", where);
        for (int i = 0; i < written.size(); i++) {
            if (!written.get(i).isTextual()) {
                throw json.error(where + ".hashes[" + i + "]", "is not base64");
            }
            hashes.add(java.util.Base64.getDecoder().decode(written.get(i).asText()));
        }
        long logIndex = json.int64(node, "logIndex", where);
        long treeSize = json.int64(node, "treeSize", where);
        if (logIndex < 0 || treeSize <= logIndex) {
            throw json.error(where, "has logIndex " + logIndex + " outside a tree of " + treeSize);
        }
        return new Bundle.InclusionProof(logIndex, json.bytes(node, "rootHash", where), treeSize, hashes,
                checkpoint);
    }

    /** Whether a key has a value: protobuf's JSON writes absent messages as null. */
    private static boolean present(JsonNode node, String key) {
        return node.has(key) && !node.get(key).isNull();
    }

    private List<byte[]> timestamps(JsonNode material) {
        String where = "verificationMaterial.timestampVerificationData";
        JsonNode data = material.get("timestampVerificationData");
        if (!present(material, "timestampVerificationData")) {
            return List.of();
        }
        json.only(data, where, Set.of("rfc3161Timestamps"));
        List<byte[]> timestamps = new ArrayList<>();
        List<JsonNode> written = json.array(data, "rfc3161Timestamps", where);
        for (int i = 0; i < written.size(); i++) {
            json.only(written.get(i), where + ".rfc3161Timestamps[" + i + "]", Set.of("signedTimestamp"));
            timestamps.add(json.bytes(written.get(i), "signedTimestamp", where + ".rfc3161Timestamps[" + i + "]"));
        }
        return timestamps;
    }

    private Bundle.Content content(JsonNode root) {
        if (root.has("messageSignature") == root.has("dsseEnvelope")) {
            throw json.error("", "needs exactly one of messageSignature and dsseEnvelope");
        }
        if (root.has("messageSignature")) {
            JsonNode message = root.get("messageSignature");
            json.only(message, "messageSignature", Set.of("messageDigest", "signature"));
            JsonNode digest = message.get("messageDigest");
            json.only(digest, "messageSignature.messageDigest", Set.of("algorithm", "digest"));
            return new Bundle.Content.MessageSignature(json.text(digest, "algorithm",
                    "messageSignature.messageDigest"), json.bytes(digest, "digest", "messageSignature.messageDigest"),
                    json.bytes(message, "signature", "messageSignature"));
        }
        JsonNode envelope = root.get("dsseEnvelope");
        json.only(envelope, "dsseEnvelope", Set.of("payload", "payloadType", "signatures"));
        List<DsseEnvelope.Signature> signatures = new ArrayList<>();
        List<JsonNode> written = json.array(envelope, "signatures", "dsseEnvelope");
        for (int i = 0; i < written.size(); i++) {
            String where = "dsseEnvelope.signatures[" + i + "]";
            json.only(written.get(i), where, Set.of("sig", "keyid"));
            signatures.add(new DsseEnvelope.Signature(json.optionalText(written.get(i), "keyid", where).orElse(""),
                    json.bytes(written.get(i), "sig", where)));
        }
        if (signatures.size() != 1) {
            throw json.error("dsseEnvelope", "has " + signatures.size() + " signatures; a bundle carries exactly one");
        }
        return new Bundle.Content.Envelope(new DsseEnvelope(json.text(envelope, "payloadType", "dsseEnvelope"),
                json.bytes(envelope, "payload", "dsseEnvelope"), signatures));
    }
}
