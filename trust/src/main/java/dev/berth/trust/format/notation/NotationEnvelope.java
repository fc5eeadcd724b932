package dev.berth.trust.format.notation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A Notary Project signature envelope (JWS or COSE), parsed only: nothing here is trusted until verified.
 *
 * @param mediaType            {@link #JWS} or {@link #COSE}
 * @param algorithm            the signature algorithm, as JWS names it ({@code PS256}, {@code ES384}, …)
 * @param signingScheme        {@code notary.x509} or {@code notary.x509.signingAuthority}
 * @param signingTime          the signer's claimed time ({@code notary.x509})
 * @param authenticSigningTime the signing authority's time ({@code notary.x509.signingAuthority})
 * @param expiry               after which the signature is no longer valid, if set
 * @param chain                the certificate chain (DER), signing certificate first
 * @param timestamp            an RFC 3161 timestamp countersignature over the signature, if any
 * @param payload              the signed payload (a {@code targetArtifact} descriptor); empty when its encoding is
 *                             broken, which integrity refuses once the signature is checked (over the encoded form)
 * @param signature            the signature bytes
 * @param signedContent        exactly what the signature is over
 */
public record NotationEnvelope(String mediaType, String algorithm, String signingScheme,
                               Optional<Instant> signingTime, Optional<Instant> authenticSigningTime,
                               Optional<Instant> expiry, List<byte[]> chain, Optional<byte[]> timestamp,
                               Optional<byte[]> payload, byte[] signature, byte[] signedContent) {

    public static final String JWS = "application/jose+json";
    public static final String COSE = "application/cose";
    /** The artifact type of a Notary signature manifest. */
    public static final String ARTIFACT_TYPE = "application/vnd.cncf.notary.signature";
    public static final String PAYLOAD_TYPE = "application/vnd.cncf.notary.payload.v1+json";
    public static final String X509 = "notary.x509";
    public static final String SIGNING_AUTHORITY = "notary.x509.signingAuthority";
    /** The largest envelope read: a chain of a few certificates and a timestamp. */
    public static final int MAXIMUM_ENVELOPE = 256 * 1024;

    static final String SCHEME = "io.cncf.notary.signingScheme";
    static final String SIGNING_TIME = "io.cncf.notary.signingTime";
    static final String AUTHENTIC_SIGNING_TIME = "io.cncf.notary.authenticSigningTime";
    static final String EXPIRY = "io.cncf.notary.expiry";
    static final String TIMESTAMP = "io.cncf.notary.timestampSignature";
    /** The critical headers Berth understands; any other critical header refuses the envelope. */
    static final Set<String> UNDERSTOOD = Set.of(SCHEME, AUTHENTIC_SIGNING_TIME, EXPIRY);

    public NotationEnvelope {
        chain = List.copyOf(chain);
    }

    /**
     * Parses an envelope of either media type.
     *
     * @throws IllegalArgumentException naming what is malformed
     */
    public static NotationEnvelope parse(String mediaType, byte[] bytes) {
        if (bytes.length > MAXIMUM_ENVELOPE) {
            throw new IllegalArgumentException("the signature envelope is larger than " + MAXIMUM_ENVELOPE + " bytes");
        }
        return switch (mediaType) {
            case JWS -> JwsEnvelope.parse(bytes);
            case COSE -> CoseEnvelope.parse(bytes);
            default -> throw new IllegalArgumentException("the signature envelope is " + mediaType + ", not "
                    + JWS + " or " + COSE);
        };
    }

    /** What a COSE_Sign1 signature covers: the Sig_structure of the protected header and the payload. */
    public static byte[] coseToBeSigned(byte[] protectedHeader, byte[] payload) {
        return CoseEnvelope.sigStructure(protectedHeader, payload);
    }

    /** Checks the rules both envelope types share once their headers are read. */
    static void requireConsistent(String scheme, Set<String> critical, Optional<Instant> signingTime,
                                  Optional<Instant> authentic, Optional<Instant> expiry, List<byte[]> chain) {
        for (String name : critical) {
            if (!UNDERSTOOD.contains(name)) {
                throw new IllegalArgumentException("the envelope has a critical header Berth does not understand: "
                        + name);
            }
        }
        if (!critical.contains(SCHEME)) {
            throw new IllegalArgumentException("the envelope does not mark " + SCHEME + " critical");
        }
        switch (scheme) {
            case X509 -> {
                if (signingTime.isEmpty()) {
                    throw new IllegalArgumentException("a notary.x509 envelope needs " + SIGNING_TIME);
                }
            }
            case SIGNING_AUTHORITY -> {
                if (authentic.isEmpty() || !critical.contains(AUTHENTIC_SIGNING_TIME)) {
                    throw new IllegalArgumentException("a notary.x509.signingAuthority envelope needs a critical "
                            + AUTHENTIC_SIGNING_TIME);
                }
            }
            default -> throw new IllegalArgumentException("the envelope's signing scheme " + scheme + " is unknown");
        }
        if (expiry.isPresent() && !critical.contains(EXPIRY)) {
            throw new IllegalArgumentException("the envelope's " + EXPIRY + " is not marked critical");
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("the envelope has no certificate chain");
        }
    }
}
