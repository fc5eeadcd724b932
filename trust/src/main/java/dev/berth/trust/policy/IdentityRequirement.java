package dev.berth.trust.policy;

import dev.berth.oci.reference.Reference;

/**
 * Which image names a signature may claim for the image being checked (containers-policy.json's
 * {@code signedIdentity}). A signature copied to another repository or tag fails here.
 */
public sealed interface IdentityRequirement {

    /**
     * Whether a signature claiming {@code signed} vouches for the image known as {@code image}.
     *
     * @param image  the image's fully expanded reference, with its tag or digest
     * @param signed the reference the signature names
     */
    boolean matches(Reference image, Reference signed);

    /** The signature names exactly this image: same repository, same tag or digest. */
    record MatchExact() implements IdentityRequirement {
        @Override
        public boolean matches(Reference image, Reference signed) {
            return sameRepository(image, signed) && java.util.Objects.equals(image.tag(), signed.tag())
                    && java.util.Objects.equals(image.digest(), signed.digest());
        }
    }

    /** A tagged image: exactly; an image by digest: any tag of the same repository (the default). */
    record MatchRepoDigestOrExact() implements IdentityRequirement {
        @Override
        public boolean matches(Reference image, Reference signed) {
            return image.digest() != null && image.tag() == null ? sameRepository(image, signed)
                    : new MatchExact().matches(image, signed);
        }
    }

    /** The signature names the same repository, any tag. */
    record MatchRepository() implements IdentityRequirement {
        @Override
        public boolean matches(Reference image, Reference signed) {
            return sameRepository(image, signed);
        }
    }

    /** The signature names exactly this reference, whatever the image is called here (a mirror). */
    record ExactReference(Reference dockerReference) implements IdentityRequirement {
        @Override
        public boolean matches(Reference image, Reference signed) {
            return new MatchExact().matches(dockerReference, signed);
        }
    }

    /** The signature names this repository, any tag. */
    record ExactRepository(Reference dockerRepository) implements IdentityRequirement {
        @Override
        public boolean matches(Reference image, Reference signed) {
            return sameRepository(dockerRepository, signed);
        }
    }

    /**
     * The image's name with {@code prefix} replaced by {@code signedPrefix} (a mirror of another registry), then
     * {@link MatchRepoDigestOrExact}.
     */
    record RemapIdentity(String prefix, String signedPrefix) implements IdentityRequirement {
        @Override
        public boolean matches(Reference image, Reference signed) {
            String name = image.registry() + "/" + image.repository().value();
            boolean covered = name.equals(prefix) || name.startsWith(prefix + "/");
            Reference remapped = covered ? Reference.parse(signedPrefix + name.substring(prefix.length())
                    + (image.tag() != null ? ":" + image.tag().value() : "")
                    + (image.digest() != null ? "@" + image.digest() : "")) : image;
            return new MatchRepoDigestOrExact().matches(remapped, signed);
        }
    }

    private static boolean sameRepository(Reference one, Reference other) {
        return one.registry().equals(other.registry()) && one.repository().equals(other.repository());
    }
}
