package dev.berth.cli.trust;

import dev.berth.client.RemoteRepository;
import dev.berth.oci.reference.Reference;
import dev.berth.trust.policy.Policy;
import dev.berth.trust.policy.PolicyEnforcer;
import dev.berth.trust.policy.PolicyEvaluator;
import dev.berth.trust.policy.PolicyParser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth verify}: resolves the image once and checks the signatures of the manifest it names: with a key (as
 * {@code cosign verify --key}: a cosign signature or Sigstore bundle by the key naming the image's repository), with a
 * Sigstore trusted root and a certificate identity (keyless), or under a containers-policy.json; prints what was
 * verified, and exits 0 only when the image is accepted.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, description = "Verify the signatures of an image.")
public final class VerifyCommand implements Callable<Integer> {

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;
    private final Clock clock;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image, such as localhost:5000/team/app:1.")
    private String image;

    @ArgGroup
    private Trusting trusting;

    /** What to trust: a key, or a policy file (default: /etc/containers/policy.json). */
    static final class Trusting {

        @Option(names = "--key", paramLabel = "FILE", description = "Accept a cosign signature by this public key "
                + "(PEM) naming the image's repository.")
        Path key;

        @Option(names = {"--policy", "--signature-policy"}, paramLabel = "FILE", description = "Apply this "
                + "containers-policy.json (default: " + "/etc/containers/policy.json).")
        Path policy;

        @Option(names = "--trust-policy", paramLabel = "FILE", description = "Accept a Notary signature under "
                + "this Notation trustpolicy.json, with --trust-store.")
        Path trustPolicy;

        @Option(names = "--trusted-root", paramLabel = "FILE", description = "Accept a keyless signature (a Fulcio "
                + "certificate) verified against this Sigstore trusted_root.json; with --certificate-identity and "
                + "--certificate-oidc-issuer.")
        Path trustedRoot;
    }

    @Option(names = "--trust-store", paramLabel = "DIR", description = "With --trust-policy: Notation's trust "
            + "store directory (holding x509/ca/NAME/…).")
    private Path trustStore;

    @Option(names = "--certificate-identity", paramLabel = "SUBJECT", description = "With --trusted-root: the "
            + "certificate's subject (a URI or e-mail address), exactly.")
    private String certificateIdentity;

    @Option(names = "--certificate-oidc-issuer", paramLabel = "URL", description = "With --trusted-root: the OIDC "
            + "issuer that vouched for the subject, exactly.")
    private String certificateIssuer;

    @Mixin
    private RegistryOptions registries;

    public VerifyCommand() {
        this(System.out, System.err, System.getenv(), Clock.systemUTC());
    }

    VerifyCommand(PrintStream out, PrintStream err, Map<String, String> environment, Clock clock) {
        this.out = out;
        this.err = err;
        this.environment = environment;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        try {
            Reference reference = Reference.parse(image);
            Policy policy = policy();
            RemoteRepository repository = registries.client(environment).repository(reference);
            PolicyEnforcer.Decision decision = new PolicyEnforcer(new PolicyEvaluator(policy, clock),
                    registries.finder(environment)).check(repository, reference);
            switch (decision.verdict()) {
                case PolicyEvaluator.Verdict.Accepted accepted -> {
                    out.println("Verified " + decision.pinned() + " (policy scope " + accepted.scope() + ")");
                    for (PolicyEvaluator.AcceptedSignature signature : accepted.signatures()) {
                        out.println("  " + signature.format() + " signature by " + signature.signer() + " as "
                                + signature.dockerReference());
                    }
                    return 0;
                }
                case PolicyEvaluator.Verdict.Rejected rejected -> {
                    err.println("berth verify: " + decision.pinned() + " is rejected by " + source() + " (scope "
                            + rejected.scope() + ", requirement " + (rejected.requirement() + 1) + "): "
                            + rejected.reason());
                    return 1;
                }
            }
        } catch (IllegalArgumentException | IOException e) {
            err.println("berth verify: " + e.getMessage());
            return 1;
        }
    }

    private String source() {
        return trusting != null && trusting.key != null ? "--key " + trusting.key
                : trusting != null && trusting.trustedRoot != null ? "--trusted-root " + trusting.trustedRoot
                : trusting != null && trusting.trustPolicy != null ? "--trust-policy " + trusting.trustPolicy
                : trusting != null && trusting.policy != null ? trusting.policy.toString()
                : SignaturePolicyOptions.SYSTEM_POLICY.toString();
    }

    private Policy policy() throws IOException {
        if (trusting != null && trusting.key != null) {
            String json = "{\"default\": [{\"type\": \"sigstoreSigned\", \"keyPath\": " + quoted(trusting.key
                    .toAbsolutePath().toString())
                    + ", \"signedIdentity\": {\"type\": \"matchRepository\"}}]}";
            return PolicyParser.parse("--key", json.getBytes(StandardCharsets.UTF_8));
        }
        if (trusting != null && trusting.trustPolicy != null) {
            if (trustStore == null) {
                throw new IllegalArgumentException("--trust-policy needs --trust-store DIR");
            }
            String json = "{\"default\": [{\"type\": \"notationSigned\", \"trustPolicyPath\": "
                    + quoted(trusting.trustPolicy.toAbsolutePath().toString()) + ", \"trustStorePath\": "
                    + quoted(trustStore.toAbsolutePath().toString()) + "}]}";
            return PolicyParser.parse("--trust-policy", json.getBytes(StandardCharsets.UTF_8));
        }
        if (trusting != null && trusting.trustedRoot != null) {
            if (certificateIdentity == null || certificateIssuer == null) {
                throw new IllegalArgumentException("--trusted-root needs --certificate-identity and "
                        + "--certificate-oidc-issuer");
            }
            String json = "{\"default\": [{\"type\": \"sigstoreSigned\", \"keyless\": {\"trustedRootPath\": "
                    + quoted(trusting.trustedRoot.toString()) + ", \"subject\": " + quoted(certificateIdentity)
                    + ", \"issuer\": " + quoted(certificateIssuer) + "}, \"signedIdentity\": {\"type\": "
                    + "\"matchRepository\"}}]}";
            return PolicyParser.parse("--trusted-root", json.getBytes(StandardCharsets.UTF_8));
        }
        Path file = trusting != null && trusting.policy != null ? trusting.policy
                : SignaturePolicyOptions.SYSTEM_POLICY;
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(file + " does not exist; name a key with --key or a policy with "
                    + "--policy");
        }
        return PolicyParser.parse(file.toString(), Files.readAllBytes(file));
    }

    private static String quoted(String text) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(text).toString();
    }
}
