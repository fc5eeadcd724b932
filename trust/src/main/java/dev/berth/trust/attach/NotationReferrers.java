package dev.berth.trust.attach;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.distribution.ArtifactRepository;
import dev.berth.oci.json.OciJson;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.manifest.ImageManifest;
import dev.berth.oci.manifest.MediaType;
import dev.berth.oci.manifest.RawManifest;
import dev.berth.trust.format.notation.NotationEnvelope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Notary signatures attached to an image as OCI 1.1 referrers, as {@code notation sign} attaches them: artifact type
 * {@code application/vnd.cncf.notary.signature}, an empty config, the envelope as the one layer, and the chain's
 * SHA-256 thumbprints in the {@code io.cncf.notary.x509chain.thumbprint#S256} annotation notation lists them by.
 */
public final class NotationReferrers {

    private static final byte[] EMPTY = "{}".getBytes(StandardCharsets.US_ASCII);
    private static final String THUMBPRINTS = "io.cncf.notary.x509chain.thumbprint#S256";

    private final ReferrerReader reader = new ReferrerReader();

    /** Attaches an envelope to the image whose manifest this is; returns the referrer's digest. */
    public Digest attach(ArtifactRepository repository, Descriptor image, byte[] envelope, String mediaType,
                         List<X509Certificate> chain, Clock clock) throws IOException {
        Descriptor config = Descriptor.of(MediaType.OCI_EMPTY, Digest.sha256(EMPTY), EMPTY.length);
        Descriptor layer = Descriptor.of(mediaType, Digest.sha256(envelope), envelope.length);
        repository.pushBlob(config, EMPTY);
        repository.pushBlob(layer, envelope);
        ImageManifest manifest = new ImageManifest(2, MediaType.OCI_MANIFEST, NotationEnvelope.ARTIFACT_TYPE, config,
                List.of(layer), Descriptor.of(image.mediaType(), image.digest(), image.size()), Map.of(
                THUMBPRINTS, thumbprints(chain), "org.opencontainers.image.created",
                clock.instant().truncatedTo(ChronoUnit.SECONDS).toString()));
        RawManifest raw = RawManifest.of(MediaType.OCI_MANIFEST, OciJson.mapper().writeValueAsBytes(manifest));
        repository.pushManifest(raw.digest().toString(), raw);
        return raw.digest();
    }

    /** The Notary signatures of an image; referrers that are not readable envelopes are listed as skipped. */
    public FoundSignatures read(ArtifactRepository repository, Digest image) throws IOException {
        ReferrerReader.Read<NotationEnvelope> read = reader.read(repository, image, NotationEnvelope.ARTIFACT_TYPE,
                NotationEnvelope.MAXIMUM_ENVELOPE, (referrer, layer, content) -> NotationEnvelope.parse(
                        layer.mediaType(), content));
        return new FoundSignatures(List.of(), List.of(), List.of(), read.artifacts(), read.skipped());
    }

    private static String thumbprints(List<X509Certificate> chain) throws IOException {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            StringBuilder json = new StringBuilder("[");
            for (X509Certificate certificate : chain) {
                json.append(json.length() > 1 ? "," : "").append('"')
                        .append(HexFormat.of().formatHex(sha256.digest(certificate.getEncoded()))).append('"');
            }
            return json.append(']').toString();
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IOException("cannot fingerprint the certificate chain: " + e.getMessage(), e);
        }
    }
}
