package dev.berth.trust.keys;

import java.security.PublicKey;
import java.util.Base64;

/** Public keys in PEM ({@code -----BEGIN PUBLIC KEY-----}, as cosign and openssl write them): ECDSA, RSA, Ed25519. */
public final class PublicKeys {

    private PublicKeys() {
    }

    /**
     * Reads one PEM public key; {@code source} names it in errors.
     *
     * @throws IllegalArgumentException saying what it is not
     */
    public static PublicKey readPem(String source, String pem) {
        String begin = "-----BEGIN PUBLIC KEY-----";
        String end = "-----END PUBLIC KEY-----";
        int start = pem.indexOf(begin);
        int stop = pem.indexOf(end);
        if (start < 0 || stop < start) {
            throw new IllegalArgumentException(source + " is not a PEM public key (-----BEGIN PUBLIC KEY-----)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(start + begin.length(), stop));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": the PEM body is not base64");
        }
        return KeyAlgorithms.publicKey(der).orElseThrow(() -> new IllegalArgumentException(source
                + " is not an ECDSA, RSA or Ed25519 public key"));
    }

    /**
     * The public key of a PEM public key or of a PEM certificate (as a Rekor entry or a cosign signature carries
     * either); {@code source} names it in errors.
     */
    public static PublicKey ofKeyOrCertificate(String source, String pem) {
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            return readPem(source, pem);
        }
        try {
            return java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(
                    new java.io.ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                    .getPublicKey();
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalArgumentException(source + " is not a readable PEM certificate");
        }
    }

    /** How a key is named to people: {@code SHA256:} and the base64 SHA-256 of its encoding, as ssh-keygen does. */
    public static String fingerprint(PublicKey key) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(hash);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
