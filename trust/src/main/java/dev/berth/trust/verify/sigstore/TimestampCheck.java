package dev.berth.trust.verify.sigstore;

import dev.berth.trust.format.sigstore.TrustedRoot;
import dev.berth.trust.verify.SignatureRefusedException;
import dev.berth.trust.verify.SignatureRefusedException.Reason;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * An RFC 3161 signed timestamp over the bundle's signature: signed by a timestamp authority of the trusted root (its
 * own certificate, whatever the token embeds), at a time the authority was trusted and its certificate valid, over
 * the hash of exactly these signature bytes.
 */
final class TimestampCheck {

    private final List<TrustedRoot.Authority> authorities;

    TimestampCheck(List<TrustedRoot.Authority> authorities) {
        this.authorities = List.copyOf(authorities);
    }

    /** The time the authority vouches the signature existed at. */
    Instant check(byte[] timestamp, byte[] signature) throws SignatureRefusedException {
        TimeStampToken token = token(timestamp);
        Instant time = token.getTimeStampInfo().getGenTime().toInstant();
        byte[] imprint = token.getTimeStampInfo().getMessageImprintDigest();
        String algorithm = token.getTimeStampInfo().getMessageImprintAlgOID().getId();
        if (!MessageDigest.isEqual(imprint, hash(algorithm, signature))) {
            throw refused("a signed timestamp is over other bytes than the signature");
        }
        for (TrustedRoot.Authority authority : authorities) {
            try {
                token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(new JcaX509CertificateHolder(
                        authority.chain().getFirst())));
                if (!authority.validity().covers(time)) {
                    throw refused("a signed timestamp's authority was not trusted at " + time);
                }
                return time;
            } catch (TSPException | org.bouncycastle.operator.OperatorCreationException
                     | java.security.cert.CertificateException e) {
                // Not this authority, or not valid then.
            }
        }
        throw refused("a signed timestamp is not from a timestamp authority of the trusted root, or its certificate "
                + "was not valid at " + time);
    }

    /** The token of a timestamp response, or the token itself (both forms are in use). */
    private static TimeStampToken token(byte[] timestamp) throws SignatureRefusedException {
        try {
            TimeStampToken token = new TimeStampResponse(timestamp).getTimeStampToken();
            if (token != null) {
                return token;
            }
        } catch (TSPException | IOException | IllegalArgumentException | ClassCastException notAResponse) {
            // Perhaps the token alone.
        }
        try {
            return new TimeStampToken(new CMSSignedData(timestamp));
        } catch (CMSException | TSPException | IOException | IllegalArgumentException e) {
            throw refused("a signed timestamp is not an RFC 3161 token");
        }
    }

    private static byte[] hash(String oid, byte[] data) throws SignatureRefusedException {
        String name = switch (oid) {
            case "2.16.840.1.101.3.4.2.1" -> "SHA-256";
            case "2.16.840.1.101.3.4.2.2" -> "SHA-384";
            case "2.16.840.1.101.3.4.2.3" -> "SHA-512";
            default -> throw refused("a signed timestamp uses an unknown hash " + oid);
        };
        try {
            return MessageDigest.getInstance(name).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SignatureRefusedException refused(String why) {
        return new SignatureRefusedException(Reason.BAD_SIGNATURE, why);
    }
}
