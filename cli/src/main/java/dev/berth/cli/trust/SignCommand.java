package dev.berth.cli.trust;

import dev.berth.client.RemoteRepository;
import dev.berth.client.SignatureExtension;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.reference.Reference;
import dev.berth.trust.attach.Lookaside;
import dev.berth.trust.format.simplesigning.SimpleSigningPayload;
import dev.berth.trust.sign.OpenPgpSigner;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth sign}: resolves the image's tag once ({@code HEAD}, which a registry enforcing signatures answers)
 * and signs the digest it names, in the format asked for: with a
 * cosign or PKCS#8 key, a Sigstore bundle attached as a referrer (cosign v3's format) or cosign's {@code .sig} tag; or
 * a GPG simple signing signature, kept by the registry when it offers the signature API extension, else in the
 * lookaside storage registries.d names (as {@code skopeo copy --sign-by} does).
 */
@Command(name = "sign", mixinStandardHelpOptions = true, description = "Sign an image in a registry.")
public final class SignCommand implements Callable<Integer> {

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;
    private final Clock clock;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image, such as localhost:5000/team/app:1.")
    private String image;

    @ArgGroup(multiplicity = "1")
    private Signer signer;

    /** Exactly one way to sign. */
    static final class Signer {

        @Option(names = "--key", paramLabel = "FILE", description = "Sign with this key, as cosign does: a cosign "
                + "key file (password from COSIGN_PASSWORD, else asked) or a PKCS#8 PEM private key.")
        Path key;

        @Option(names = "--gpg-key", paramLabel = "FILE", description = "Sign with GPG simple signing, with a key "
                + "exported by gpg --export-secret-keys.")
        Path gpgKey;
    }

    @Option(names = "--format", paramLabel = "FORMAT", description = "With --key: bundle (a Sigstore bundle "
            + "attached as an OCI referrer, as cosign v3 does; the default), cosign (the sha256-<hex>.sig tag of "
            + "cosign v2), or notation (a Notary JWS signature referrer, with --cert).")
    private String format = "bundle";

    @Option(names = "--signature-format", paramLabel = "ENVELOPE", description = "With --format notation: jws "
            + "(the default) or cose, as notation's flag.")
    private String envelope = "jws";

    @Option(names = "--cert", paramLabel = "FILE", description = "With --format notation: the signing certificate "
            + "and its chain (PEM), signing certificate first.")
    private Path certificate;

    @Option(names = "--sign-by", paramLabel = "FINGERPRINT", description = "Which key of the --gpg-key file signs "
            + "(needed when it holds several).")
    private String signBy;

    @Option(names = "--sign-passphrase-file", paramLabel = "FILE", description = "The --gpg-key's passphrase, from "
            + "the file's first line.")
    private Path passphraseFile;

    @Option(names = "--sign-identity", paramLabel = "REFERENCE", description = "The image name the signature "
            + "vouches for (default: the repository for --key, as cosign; IMAGE as given for --gpg-key, as skopeo).")
    private String identity;

    @Mixin
    private RegistryOptions registries;

    public SignCommand() {
        this(System.out, System.err, System.getenv(), Clock.systemUTC());
    }

    SignCommand(PrintStream out, PrintStream err, Map<String, String> environment, Clock clock) {
        this.out = out;
        this.err = err;
        this.environment = environment;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        try {
            Reference reference = Reference.parse(image);
            RemoteRepository repository = registries.client(environment).repository(reference);
            Descriptor manifest = repository.describe(reference.manifestReference()).orElseThrow(() ->
                    new IOException(reference + " does not exist"));
            String signed = signer.key == null ? simpleSigning(repository, reference, manifest)
                    : new KeySigning(signer.key, format, Optional.ofNullable(certificate), Optional.ofNullable(
                    identity), envelope).sign(repository, reference, manifest, environment, clock);
            out.println("Signed " + reference.withDigest(manifest.digest()) + " " + signed);
            return 0;
        } catch (IllegalArgumentException | IOException e) {
            err.println("berth sign: " + e.getMessage());
            return 1;
        }
    }

    private String simpleSigning(RemoteRepository repository, Reference reference, Descriptor manifest)
            throws IOException {
        char[] passphrase = passphraseFile == null ? new char[0] : Files.readAllLines(passphraseFile).stream()
                .findFirst().orElse("").toCharArray();
        OpenPgpSigner gpg = OpenPgpSigner.read(signer.gpgKey.toString(), Files.readAllBytes(signer.gpgKey),
                Optional.ofNullable(signBy), passphrase);
        String vouchedFor = identity != null ? identity : reference.toString();
        Instant now = clock.instant();
        byte[] signature = gpg.sign(SimpleSigningPayload.write(vouchedFor, manifest.digest(), "Berth", now), now);
        SignatureExtension extension = registries.client(environment).signatureExtension(reference);
        if (extension.supported()) {
            String name = extension.add(manifest.digest(), signature);
            return "(simple signing, as " + vouchedFor + ", key " + gpg.fingerprint() + "); the registry keeps the "
                    + "signature (" + name + ")";
        }
        URI base = registries.registriesD(environment).writeTo(reference).orElseThrow(() -> new IOException(
                "registries.d names no lookaside storage for " + reference + "; add lookaside-staging: file:///… "
                        + "for it"));
        Path written = Lookaside.write(base, reference, manifest.digest(), signature);
        return "(simple signing, as " + vouchedFor + ", key " + gpg.fingerprint() + "); the signature is " + written;
    }
}
