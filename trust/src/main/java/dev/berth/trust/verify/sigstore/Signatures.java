package dev.berth.trust.verify.sigstore;

import dev.berth.trust.keys.KeyAlgorithms;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;

/** Checks a signature over data with a key, choosing the algorithm Sigstore uses with the key's type. */
final class Signatures {

    private Signatures() {
    }

    static boolean verifies(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(algorithm(key));
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Checks an ECDSA signature over data known only by its hash (ECDSA signs the hash, so the two are the same);
     * other key types need the data.
     */
    static boolean verifiesPrehashed(PublicKey key, byte[] hash, byte[] signature) {
        if (!key.getAlgorithm().equals("EC")) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("NONEwithECDSA");
            verifier.initVerify(key);
            verifier.update(hash);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** SHA-256 for P-256 and RSA, SHA-384 for P-384, SHA-512 for P-521, as Sigstore pairs them; Ed25519 as it is. */
    private static String algorithm(PublicKey key) {
        if (key instanceof java.security.interfaces.ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return bits > 384 ? "SHA512withECDSA" : bits > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
        }
        return KeyAlgorithms.sha256Signature(key);
    }
}
