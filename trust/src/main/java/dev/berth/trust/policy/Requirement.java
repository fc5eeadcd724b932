package dev.berth.trust.policy;

import java.util.List;
import java.util.Map;

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
    record SignedBy(String keyType, KeySource keys, IdentityRequirement identity) implements Requirement {
    }

    /**
     * A Sigstore signature, by a key, a Fulcio certificate or a private PKI's certificate, naming an acceptable
     * identity. Kept as written: each field's meaning is containers-policy.json(5)'s.
     */
    record SigstoreSigned(Map<String, Object> fields, IdentityRequirement identity) implements Requirement {

        public SigstoreSigned {
            fields = Map.copyOf(fields);
        }
    }

    /** containers/image's reserved {@code signedBaseLayer}, which it parses and never accepts. */
    record SignedBaseLayer(IdentityRequirement baseLayerIdentity) implements Requirement {
    }

    /** Where a requirement's keys are: a file, several files, or inline base64 data. */
    sealed interface KeySource {

        record Path(String path) implements KeySource {
        }

        record Paths(List<String> paths) implements KeySource {
            public Paths {
                paths = List.copyOf(paths);
            }
        }

        record Data(byte[] data) implements KeySource {
        }
    }
}
