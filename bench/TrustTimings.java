import dev.berth.trust.format.sigstore.Bundle;
import dev.berth.trust.format.sigstore.BundleParser;
import dev.berth.trust.format.sigstore.TrustedRoot;
import dev.berth.trust.verify.sigstore.BundleVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * How long a cold verification of a keyless Sigstore bundle takes in Berth: parsing the bundle and the trusted root,
 * then every check (the signature, the Rekor entry's signed entry timestamp, inclusion proof and checkpoint, the
 * Fulcio chain at the logged time, the embedded SCT, the identity), with nothing cached between runs. Prints the
 * first run in this JVM (classes loading) and the median and 90th percentile of the next ones.
 *
 *   java -cp 'cli/target/lib/*' bench/TrustTimings.java VECTORS_DIR [RUNS]
 */
public final class TrustTimings {

    public static void main(String[] arguments) throws Exception {
        Path vectors = Path.of(arguments[0]);
        int runs = arguments.length > 1 ? Integer.parseInt(arguments[1]) : 200;
        Path bundle = vectors.resolve("conformance/happy-path-v0.3/bundle.sigstore.json");
        Path root = vectors.resolve("trusted-roots/public-good.trusted_root.json");
        byte[] artifact = Files.readAllBytes(vectors.resolve("conformance/a.txt"));
        BundleVerifier.Expected identity = new BundleVerifier.Expected.Identity("https://github.com/sigstore-"
                + "conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-"
                + "beacon.yml@refs/heads/main", "https://token.actions.githubusercontent.com");
        double[] times = new double[runs + 1];
        for (int i = 0; i <= runs; i++) {
            long start = System.nanoTime();
            Bundle parsed = BundleParser.parse(Files.readAllBytes(bundle));
            TrustedRoot trusted = TrustedRoot.parse(Files.readAllBytes(root));
            new BundleVerifier(Optional.of(trusted)).verify(parsed, new BundleVerifier.Artifact.Bytes(artifact),
                    identity);
            times[i] = (System.nanoTime() - start) / 1e6;
        }
        double[] warm = Arrays.copyOfRange(times, 1, times.length);
        Arrays.sort(warm);
        System.out.printf("keyless bundle verified from scratch: first %.1f ms (classes loading), then median %.2f ms,"
                + " p90 %.2f ms over %d runs%n", times[0], warm[warm.length / 2], warm[(int) (warm.length * 0.9)],
                runs);
    }
}
