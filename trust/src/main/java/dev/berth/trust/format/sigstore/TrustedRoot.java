package dev.berth.trust.format.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.trust.format.StrictJson;
import dev.berth.trust.keys.KeyAlgorithms;
import java.io.ByteArrayInputStream;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A Sigstore {@code trusted_root.json}: the transparency logs, certificate authorities (Fulcio), certificate
 * transparency logs and timestamp authorities a verifier trusts, each for a period of time.
 */
public record TrustedRoot(List<Log> tlogs, List<Authority> certificateAuthorities, List<Log> ctlogs,
                          List<Authority> timestampAuthorities) {

    public TrustedRoot {
        tlogs = List.copyOf(tlogs);
        certificateAuthorities = List.copyOf(certificateAuthorities);
        ctlogs = List.copyOf(ctlogs);
        timestampAuthorities = List.copyOf(timestampAuthorities);
    }

    /** When something is trusted: from {@code start}, until {@code end} when there is one (inclusive). */
    public record Validity(Instant start, Optional<Instant> end) {

        public boolean covers(Instant time) {
            return !time.isBefore(start) && end.map(last -> !time.isAfter(last)).orElse(true);
        }
    }

    /** A log (Rekor or a CT log): its public key, key ID (the SHA-256 of the key's DER) and validity. */
    public record Log(String baseUrl, PublicKey key, byte[] keyId, Validity validity) {
    }

    /** A certificate authority (Fulcio, a TSA): its chain, leaf-most first, and validity. */
    public record Authority(String uri, List<X509Certificate> chain, Validity validity) {
        public Authority {
            chain = List.copyOf(chain);
        }
    }

    /**
     * Parses a trusted root.
     *
     * @throws IllegalArgumentException naming what is malformed
     */
    public static TrustedRoot parse(byte[] bytes) {
        StrictJson json = new StrictJson("the trusted root");
        JsonNode root = json.read(bytes);
        json.only(root, "", Set.of("mediaType", "tlogs", "certificateAuthorities", "ctlogs", "timestampAuthorities"));
        String mediaType = json.text(root, "mediaType", "");
        if (!mediaType.startsWith("application/vnd.dev.sigstore.trustedroot")) {
            throw json.error("", "has an unknown mediaType \"" + mediaType + "\"");
        }
        return new TrustedRoot(logs(json, root, "tlogs"), authorities(json, root, "certificateAuthorities"),
                logs(json, root, "ctlogs"), authorities(json, root, "timestampAuthorities"));
    }

    private static List<Log> logs(StrictJson json, JsonNode root, String key) {
        List<Log> logs = new ArrayList<>();
        List<JsonNode> entries = json.array(root, key, "");
        for (int i = 0; i < entries.size(); i++) {
            String where = key + "[" + i + "]";
            JsonNode log = entries.get(i);
            json.only(log, where, Set.of("baseUrl", "hashAlgorithm", "publicKey", "logId", "checkpointKeyId",
                    "operator"));
            JsonNode written = log.get("publicKey");
            json.only(written, where + ".publicKey", Set.of("rawBytes", "keyDetails", "validFor"));
            byte[] der = json.bytes(written, "rawBytes", where + ".publicKey");
            if (json.optionalText(written, "keyDetails", where + ".publicKey").orElse("").startsWith("PKCS1_RSA")) {
                der = pkcs1ToSpki(der);
            }
            PublicKey publicKey = KeyAlgorithms.publicKey(der).orElseThrow(() -> json.error(where + ".publicKey",
                    "is not an ECDSA, RSA or Ed25519 public key"));
            JsonNode logId = log.get("logId");
            json.only(logId, where + ".logId", Set.of("keyId"));
            logs.add(new Log(json.optionalText(log, "baseUrl", where).orElse(""), publicKey,
                    json.bytes(logId, "keyId", where + ".logId"), validity(json, written.get("validFor"),
                    where + ".publicKey.validFor")));
        }
        return logs;
    }

    /** An RSA key as PKCS#1 (which trusted roots use for some CT logs) in a SubjectPublicKeyInfo. */
    private static byte[] pkcs1ToSpki(byte[] pkcs1) {
        try {
            return new org.bouncycastle.asn1.x509.SubjectPublicKeyInfo(new org.bouncycastle.asn1.x509
                    .AlgorithmIdentifier(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.rsaEncryption,
                    org.bouncycastle.asn1.DERNull.INSTANCE), pkcs1).getEncoded();
        } catch (java.io.IOException e) {
            return pkcs1;
        }
    }

    private static List<Authority> authorities(StrictJson json, JsonNode root, String key) {
        List<Authority> authorities = new ArrayList<>();
        List<JsonNode> written = json.array(root, key, "");
        for (int i = 0; i < written.size(); i++) {
            String where = key + "[" + i + "]";
            JsonNode authority = written.get(i);
            json.only(authority, where, Set.of("subject", "uri", "certChain", "validFor", "operator"));
            JsonNode chain = authority.get("certChain");
            json.only(chain, where + ".certChain", Set.of("certificates"));
            List<X509Certificate> certificates = new ArrayList<>();
            List<JsonNode> written2 = json.array(chain, "certificates", where + ".certChain");
            for (int c = 0; c < written2.size(); c++) {
                String at = where + ".certChain.certificates[" + c + "]";
                json.only(written2.get(c), at, Set.of("rawBytes"));
                certificates.add(certificate(json, json.bytes(written2.get(c), "rawBytes", at), at));
            }
            if (certificates.isEmpty()) {
                throw json.error(where, "has no certificates");
            }
            authorities.add(new Authority(json.optionalText(authority, "uri", where).orElse(""), certificates,
                    validity(json, authority.get("validFor"), where + ".validFor")));
        }
        return authorities;
    }

    private static Validity validity(StrictJson json, JsonNode node, String where) {
        if (node == null) {
            throw json.error(where, "is missing");
        }
        json.only(node, where, Set.of("start", "end"));
        return new Validity(instant(json, json.text(node, "start", where), where),
                json.optionalText(node, "end", where).map(end -> instant(json, end, where)));
    }

    private static Instant instant(StrictJson json, String text, String where) {
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw json.error(where, "has a time that is not RFC 3339: " + text);
        }
    }

    /** An X.509 certificate from DER. */
    public static X509Certificate certificate(StrictJson json, byte[] der, String where) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw json.error(where, "is not a DER X.509 certificate");
        }
    }
}
