package dev.berth.cli;

import dev.berth.builder.build.Builder;
import dev.berth.builder.build.ImagePolicy;
import dev.berth.builder.progress.Progress;
import dev.berth.cli.trust.SignaturePolicyOptions;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.reference.Reference;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth pull}: an image into the builder's local store, as {@code FROM} gets it, under the signature policy
 * ({@code --signature-policy}, else {@code /etc/containers/policy.json} where it exists): the tag is resolved once and
 * no layer is fetched before the manifest in use is accepted.
 */
@Command(name = "pull", mixinStandardHelpOptions = true, description = "Pull an image into the builder's store.")
public final class PullCommand implements Callable<Integer> {

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image, such as localhost:5000/team/app:1.")
    private String image;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", description = "The platform of a "
            + "multi-platform image (default: this machine's).")
    private String platform;

    @Option(names = "--insecure-registry", paramLabel = "HOST:PORT", description = "Reach this registry over "
            + "plain HTTP or unverified TLS (loopback registries always are). Repeatable.")
    private List<String> insecure = new ArrayList<>();

    @Option(names = "--registry-mirror", paramLabel = "SOURCE=MIRROR", description = "Pull images of SOURCE from "
            + "MIRROR first, as berth build does (repeatable).")
    private List<String> registryMirrors = new ArrayList<>();

    @Option(names = "--data", paramLabel = "DIR", description = "Builder data (default: as for berth build).")
    private Path data;

    @Mixin
    private SignaturePolicyOptions signaturePolicy = new SignaturePolicyOptions();

    public PullCommand() {
        this(System.out, System.err, System.getenv());
    }

    PullCommand(PrintStream out, PrintStream err, Map<String, String> environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    @Override
    public Integer call() {
        try (Progress progress = Progress.plain(err)) {
            Reference reference = Reference.parse(image).withDefaultTag();
            Optional<ImagePolicy> policy = signaturePolicy.load(environment, path -> path.toAbsolutePath(),
                    Clock.systemUTC());
            Builder builder = new Builder(BuilderData.directory(data, environment), Clock.systemUTC());
            Descriptor manifest = builder.pull(reference, Optional.ofNullable(platform), Set.copyOf(insecure),
                    BuildCommand.withMirrors(environment, registryMirrors), policy, progress);
            out.println(reference.withDigest(manifest.digest()));
            return 0;
        } catch (IllegalArgumentException | IOException e) {
            err.println("berth pull: " + e.getMessage());
            return 1;
        }
    }
}
