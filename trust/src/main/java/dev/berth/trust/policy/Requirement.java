package dev.berth.trust.policy;

import java.util.List;
import java.util.Optional;

/** One requirement of containers-policy.json(5); an image is accepted when all of its scope's requirements are. */
public sealed interface Requirement {

    /** Accepts every image, without looking at signatures. */
    record InsecureAcceptAnything() implements Requirement {
    }

    /** Rejects every image. */
    record Reject() implements Requirement {
    }

    /**
     * A GPG simple signing signature by one of these keys, naming an acceptable identity.
     *
     * @param keyType  {@code GPGKeys} (the only type containers/image verifies; the others parse, and are refused when
     *                 evaluated)
     * @param keys     where the keyring is
     * @param identity which names the signature may claim
     */
    record SignedBy(String keyType, KeySource keys, IdentityRequirement identity, SignedManifest signedManifest)
            implements Requirement {
    }

    /**
     * A Sigstore signature (cosign's), by a key, a Fulcio certificate or a private PKI's certificate, naming an
     * acceptable identity, and, when {@code rekorKeys} are given, logged in Rekor (an offline signed entry timestamp by
     * one of them).
     */
    record SigstoreSigned(Signer signer, Optional<KeySource> rekorKeys, IdentityRequirement identity,
                          SignedManifest signedManifest) implements Requirement {
    }

    /** Who may have made a Sigstore signature. */
    sealed interface Signer {

        /** The holder of one of these public keys (PEM). */
        record PublicKeys(KeySource keys) implements Signer {
        }

        /**
         * The holder of a certificate from this Fulcio instance, issued by the OIDC issuer to the e-mail address.
         *
         * @param certificateAuthority the Fulcio CA certificates (PEM)
         */
        record Fulcio(KeySource certificateAuthority, String oidcIssuer, String subjectEmail) implements Signer {
        }

        /**
         * The holder of a certificate of a private PKI, issued to the e-mail address or host name (either may be
         * empty, not both).
         */
        record Pki(KeySource roots, Optional<KeySource> intermediates, String subjectEmail, String subjectHostname)
                implements Signer {
        }

        /**
         * Berth's extension ({@code "keyless"}): the holder of a certificate issued to {@code subject} (a URI or an
         * e-mail address) by {@code issuer}, verified against a Sigstore {@code trusted_root.json}: its Fulcio
         * authorities, Rekor logs (v1 and v2), CT logs and timestamp authorities.
         */
        record Keyless(KeySource trustedRoot, String subject, String issuer) implements Signer {
        }
    }

    /**
     * Berth's extension ({@code "notationSigned"}): a Notary signature (JWS or COSE, attached as a referrer) verified
     * under Notation's own trust policy and trust store, as {@code notation verify} would with the same files.
     *
     * @param trustPolicy the {@code trustpolicy.json}
     * @param trustStore  the trust store directory (holding {@code x509/})
     */
    record NotationSigned(String trustPolicy, String trustStore, SignedManifest signedManifest)
            implements Requirement {
    }

    /**
     * Which manifest of a multi-platform image a signature must be of (Berth's {@code signedManifest}): the
     * platform's, by default; or, with {@code index}, the index listing it will do as well (a signature of the index
     * covers the digests it lists, and the platform's manifest is fetched by the digest the index gives).
     */
    enum SignedManifest {
        PLATFORM, INDEX
    }

    /** containers/image's reserved {@code signedBaseLayer}, which it parses and never accepts. */
    record SignedBaseLayer(IdentityRequirement baseLayerIdentity) implements Requirement {
    }

    /** Where a requirement's keys are: a file, several files, or inline data (one or several). */
    sealed interface KeySource {

        record Path(String path) implements KeySource {
        }

        record Paths(List<String> paths) implements KeySource {
            public Paths {
                paths = List.copyOf(paths);
            }
        }

        record Data(List<byte[]> data) implements KeySource {
            public Data {
                data = List.copyOf(data);
            }
        }
    }
}
