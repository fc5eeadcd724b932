package dev.berth.trust.verify.notation;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;

/**
 * The signature algorithms of Notary envelopes: RSASSA-PSS (salt as long as the hash) and ECDSA with the signature
 * as {@code r || s}, as JWS and COSE write it.
 */
final class EnvelopeSignature {

    private EnvelopeSignature() {
    }

    /** Whether the signature, by the algorithm named as JWS names it, verifies over the content with the key. */
    static boolean verifies(String algorithm, PublicKey key, byte[] content, byte[] signature) {
        try {
            Signature verifier;
            byte[] checked = signature;
            if (algorithm.startsWith("PS")) {
                if (!key.getAlgorithm().equals("RSA")) {
                    return false;
                }
                String hash = "SHA-" + algorithm.substring(2);
                verifier = Signature.getInstance("RSASSA-PSS");
                verifier.setParameter(new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash),
                        Integer.parseInt(algorithm.substring(2)) / 8, 1));
            } else {
                if (!key.getAlgorithm().equals("EC") || signature.length % 2 != 0) {
                    return false;
                }
                verifier = Signature.getInstance("SHA" + algorithm.substring(2) + "withECDSA");
                checked = der(signature);
            }
            verifier.initVerify(key);
            verifier.update(content);
            return verifier.verify(checked);
        } catch (GeneralSecurityException | IllegalArgumentException | java.io.IOException e) {
            return false;
        }
    }

    /** {@code r || s} as the DER sequence the JDK verifies. */
    static byte[] der(byte[] raw) throws java.io.IOException {
        int half = raw.length / 2;
        ASN1EncodableVector vector = new ASN1EncodableVector();
        vector.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, 0, half))));
        vector.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, half, raw.length))));
        return new DERSequence(vector).getEncoded();
    }
}
