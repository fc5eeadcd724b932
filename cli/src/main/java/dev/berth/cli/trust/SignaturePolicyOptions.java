package dev.berth.cli.trust;

import dev.berth.builder.build.ImagePolicy;
import dev.berth.trust.attach.Lookaside;
import dev.berth.trust.attach.RegistriesD;
import dev.berth.trust.attach.SignatureFinder;
import dev.berth.trust.policy.Policy;
import dev.berth.trust.policy.PolicyEnforcer;
import dev.berth.trust.policy.PolicyEvaluator;
import dev.berth.trust.policy.PolicyParser;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/**
 * The signature policy of {@code berth build} and {@code berth pull}, with buildah's and podman's flag names: the
 * {@code --signature-policy} file, else {@code /etc/containers/policy.json} where it exists, else none; and where
 * lookaside signatures are configured.
 */
public final class SignaturePolicyOptions {

    /** Where containers/image's tools read their policy. */
    public static final Path SYSTEM_POLICY = Path.of("/etc/containers/policy.json");

    @Option(names = "--signature-policy", paramLabel = "FILE", description = "The containers-policy.json base "
            + "images must satisfy (default: /etc/containers/policy.json where it exists).")
    private Path policyFile;

    @Option(names = "--registries.d", paramLabel = "DIR", description = "Where lookaside signature storage is "
            + "configured (containers-registries.d(5); default: ~/.config/containers/registries.d, else "
            + "/etc/containers/registries.d).")
    private Path registriesD;

    /**
     * The policy, if there is one; relative paths are resolved with {@code resolved} (the caller's directory).
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public Optional<ImagePolicy> load(Map<String, String> environment, UnaryOperator<Path> resolved, Clock clock)
            throws IOException {
        Path file = policyFile != null ? resolved.apply(policyFile) : SYSTEM_POLICY;
        if (!Files.exists(file)) {
            if (policyFile != null) {
                throw new IllegalArgumentException("--signature-policy " + file + " does not exist");
            }
            return Optional.empty();
        }
        Policy policy = PolicyParser.parse(file.toString(), Files.readAllBytes(file));
        SignatureFinder finder = finder(registriesD == null ? null : resolved.apply(registriesD), environment);
        return Optional.of(new ImagePolicy(file.toString(), policy, new PolicyEnforcer(new PolicyEvaluator(policy,
                clock), finder)));
    }

    /** Finds signatures with the registries.d directory given, else the one containers/image would use. */
    static SignatureFinder finder(Path registriesD, Map<String, String> environment) throws IOException {
        return new SignatureFinder(registriesD(registriesD, environment), new Lookaside(HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(20)).followRedirects(HttpClient.Redirect.NORMAL).build()));
    }

    /** The registries.d configuration with the directory given, else the one containers/image would use. */
    static RegistriesD registriesD(Path registriesD, Map<String, String> environment) throws IOException {
        RegistriesD found = RegistriesD.forEnvironment(environment);
        return registriesD == null ? found : RegistriesD.read(registriesD, found.builtIn());
    }
}
