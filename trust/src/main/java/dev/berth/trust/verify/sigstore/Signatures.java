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
            Signature verifier = Signature.getInstance(KeyAlgorithms.sigstoreSignature(key));
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
}
