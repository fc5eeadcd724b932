package dev.berth.trust.keys;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * Signing keys from a file: cosign's encrypted key ({@link CosignPrivateKeys}), or a plain PKCS#8 PEM private key
 * ({@code -----BEGIN PRIVATE KEY-----}) as {@code openssl genpkey} writes it.
 */
public final class PrivateKeys {

    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    private PrivateKeys() {
    }

    /**
     * Reads a key file; the password opens cosign's encrypted keys and is not used for plain ones.
     *
     * @throws IllegalArgumentException saying what the file is not
     */
    public static PrivateKey read(String source, String pem, char[] password) {
        int start = pem.indexOf(BEGIN);
        int end = pem.indexOf(END);
        if (start < 0 || end < start) {
            return CosignPrivateKeys.read(source, pem, password);
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(start + BEGIN.length(), end));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": the PEM body is not base64");
        }
        return KeyAlgorithms.privateKey(der).orElseThrow(() -> new IllegalArgumentException(source
                + " is not an ECDSA, RSA or Ed25519 PKCS#8 private key"));
    }

    /** The public half of a private key, worked out from it (a PKCS#8 file need not carry it). */
    public static PublicKey publicKey(PrivateKey key) {
        try {
            AsymmetricKeyParameter secret = PrivateKeyFactory.createKey(key.getEncoded());
            AsymmetricKeyParameter open = switch (secret) {
                case ECPrivateKeyParameters ec -> new ECPublicKeyParameters(new FixedPointCombMultiplier()
                        .multiply(ec.getParameters().getG(), ec.getD()).normalize(), ec.getParameters());
                case RSAPrivateCrtKeyParameters rsa -> new RSAKeyParameters(false, rsa.getModulus(),
                        rsa.getPublicExponent());
                case Ed25519PrivateKeyParameters ed -> ed.generatePublicKey();
                default -> throw new IllegalArgumentException("cannot work out the public key of a "
                        + key.getAlgorithm() + " key");
            };
            byte[] spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(open).getEncoded();
            return KeyAlgorithms.publicKey(spki).orElseThrow(() -> new IllegalArgumentException(
                    "cannot work out the public key of a " + key.getAlgorithm() + " key"));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read the " + key.getAlgorithm() + " key: " + e.getMessage());
        }
    }
}
