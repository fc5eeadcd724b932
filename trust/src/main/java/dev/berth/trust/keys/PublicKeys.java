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
}
