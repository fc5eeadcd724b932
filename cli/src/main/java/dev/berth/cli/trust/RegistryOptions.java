package dev.berth.cli.trust;

import dev.berth.client.RegistryClient;
import dev.berth.client.auth.Credentials;
import dev.berth.trust.attach.RegistriesD;
import dev.berth.trust.attach.SignatureFinder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/** How the trust commands reach registries and signature storage: insecure registries and registries.d. */
final class RegistryOptions {

    @Option(names = "--insecure-registry", paramLabel = "HOST:PORT", description = "Reach this registry over "
            + "plain HTTP or unverified TLS (loopback registries always are). Repeatable.")
    private List<String> insecure = new ArrayList<>();

    @Option(names = "--registries.d", paramLabel = "DIR", description = "Where lookaside signature storage is "
            + "configured (containers-registries.d(5); default: ~/.config/containers/registries.d, else "
            + "/etc/containers/registries.d).")
    private Path registriesD;

    RegistryClient client(Map<String, String> environment) throws IOException {
        return new RegistryClient(Credentials.load(environment), Set.copyOf(insecure), environment);
    }

    RegistriesD registriesD(Map<String, String> environment) throws IOException {
        return SignaturePolicyOptions.registriesD(registriesD, environment);
    }

    SignatureFinder finder(Map<String, String> environment) throws IOException {
        return SignaturePolicyOptions.finder(registriesD, environment);
    }
}
