package dev.berth.cli;

import dev.berth.builder.build.BuildException;
import dev.berth.builder.build.BuildRequest;
import dev.berth.builder.build.Builder;
import dev.berth.builder.cache.CacheLocation;
import dev.berth.builder.dockerfile.AstDump;
import dev.berth.builder.dockerfile.DockerfileException;
import dev.berth.builder.dockerfile.DockerfileParser;
import dev.berth.builder.image.BuiltImage;
import dev.berth.builder.image.ImageFormat;
import dev.berth.builder.layer.Compression;
import dev.berth.builder.output.OutputSpec;
import dev.berth.builder.progress.Progress;
import dev.berth.cli.trust.KeySigning;
import dev.berth.cli.trust.SignaturePolicyOptions;
import dev.berth.client.RegistryClient;
import dev.berth.client.RegistryMirrors;
import dev.berth.client.auth.Credentials;
import dev.berth.oci.reference.Reference;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code berth build}: builds an image from a Dockerfile, in the style of {@code docker buildx build}. */
@Command(name = "build", mixinStandardHelpOptions = true, description = "Build an image from a Dockerfile.")
final class BuildCommand implements Callable<Integer> {

    /** Where a build command gets the builder of its data directory. */
    @FunctionalInterface
    interface Builders {
        Builder of(Path dataDirectory) throws IOException;
    }

    private final PrintStream out;
    private final PrintStream err;
    private final Builders builders;
    private final Path workingDirectory;
    private final Map<String, String> environment;
    private final boolean terminal;

    @Parameters(index = "0", paramLabel = "CONTEXT", description = "The build context directory.")
    private Path context;

    @Option(names = {"-f", "--file"}, paramLabel = "DOCKERFILE",
            description = "The Dockerfile (default: CONTEXT/Dockerfile).")
    private Path file;

    @Option(names = {"-t", "--tag"}, paramLabel = "REF", description = "Name and tag for the image (repeatable).")
    private List<String> tags = new ArrayList<>();

    @Option(names = "--build-arg", paramLabel = "KEY=VALUE", description = "A build argument (repeatable).")
    private List<String> buildArgs = new ArrayList<>();

    @Option(names = "--target", paramLabel = "STAGE", description = "The stage to build (default: the last).")
    private String target;

    @Option(names = {"-o", "--output"}, paramLabel = "SPEC",
            description = "type=oci|docker|registry[,dest=PATH]: an OCI layout (a directory, or a tar when PATH "
                    + "ends in .tar), a docker-archive tar, or a push; dest=- writes the tar to standard output "
                    + "(repeatable).")
    private List<String> outputs = new ArrayList<>();

    @Option(names = "--push", description = "Push the image to the registry named by its tag.")
    private boolean push;

    @Option(names = "--insecure-registry", paramLabel = "HOST:PORT",
            description = "A registry to reach over HTTPS without verifying its certificate, else plain HTTP, as "
                    + "loopback ones always are (repeatable).")
    private List<String> insecureRegistries = new ArrayList<>();

    @Option(names = "--registry-mirror", paramLabel = "SOURCE=MIRROR",
            description = "Pull images of SOURCE (docker.io, or docker.io/library) from MIRROR first "
                    + "(registry.example:5000/dockerhub), besides the mirrors of registries.conf and Docker's "
                    + "daemon.json (repeatable).")
    private List<String> registryMirrors = new ArrayList<>();

    @Option(names = "--cache-from", paramLabel = "type=registry,ref=REF|type=local,src=DIR",
            description = "Use a build cache exported to a registry or a directory, or inline in an image "
                    + "(repeatable).")
    private List<String> cacheFrom = new ArrayList<>();

    @Option(names = "--cache-to", paramLabel = "type=registry,ref=REF|type=local,dest=DIR|type=inline",
            description = "Export this build's cache to a registry, a directory, or inline in the image's config "
                    + "(repeatable).")
    private List<String> cacheTo = new ArrayList<>();

    @Option(names = "--network", paramLabel = "default|none|host",
            description = "Network of RUN steps that name none (default: ${DEFAULT-VALUE}, a namespace of their own "
                    + "with NAT to the host's network through slirp4netns; none: loopback only; host: the host's "
                    + "namespace).")
    private String network = "default";

    @Option(names = "--allow", paramLabel = "ENTITLEMENT",
            description = "Allows what a Dockerfile may not do by default: security.insecure lets RUN "
                    + "--security=insecure run with every capability and no seccomp filter")
    private List<String> entitlements = new ArrayList<>();

    @Option(names = "--allow-host-loopback",
            description = "Let RUN steps on the default network reach the host's loopback services at 10.0.2.2, and ADD "
                    + "download from loopback and link-local addresses.")
    private boolean allowHostLoopback;

    @Option(names = "--secret", paramLabel = "id=ID,src=FILE|env=VAR",
            description = "A secret for RUN --mount=type=secret, from a file or an environment variable "
                    + "(repeatable).")
    private List<String> secrets = new ArrayList<>();

    @Option(names = "--ssh", paramLabel = "default|ID[=SOCKET|KEY[,KEY]]",
            description = "An SSH agent for RUN --mount=type=ssh: yours (default), a socket, or keys loaded into an "
                    + "agent for the build (repeatable).")
    private List<String> ssh = new ArrayList<>();

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A label for the image (repeatable).")
    private List<String> labels = new ArrayList<>();

    @Option(names = "--pull", description = "Pull base images from their registry even when stored locally.")
    private boolean pull;

    @Mixin
    private SignaturePolicyOptions signaturePolicy = new SignaturePolicyOptions();

    @Option(names = "--sign", paramLabel = "KEY", description = "Sign what is pushed with this key (a cosign key file, "
            + "password from COSIGN_PASSWORD, or a PKCS#8 PEM key), as berth sign does.")
    private Path signKey;

    @Option(names = "--sign-format", paramLabel = "FORMAT", description = "With --sign: bundle (the default), cosign "
            + "or notation.")
    private String signFormat = "bundle";

    @Option(names = "--sign-cert", paramLabel = "FILE", description = "With --sign-format notation: the signing "
            + "certificate chain (PEM).")
    private Path signCertificate;

    @Option(names = "--iidfile", paramLabel = "FILE", description = "Write the image ID (its config digest) to FILE.")
    private Path imageIdFile;

    @Option(names = "--metadata-file", paramLabel = "FILE",
            description = "Write the build's result to FILE as JSON, with buildx's keys.")
    private Path metadataFile;

    @Option(names = "--memory", paramLabel = "SIZE", defaultValue = "0",
            description = "Memory limit of each RUN step, such as 512m (default: ${DEFAULT-VALUE}, none).")
    private String memory;

    @Option(names = "--pids-limit", paramLabel = "N", description = "Process limit of each RUN step (0: none).")
    private long pidsLimit;

    @Option(names = "--snapshotter", paramLabel = "auto|overlay|copy",
            description = "How RUN steps get their filesystem (default: ${DEFAULT-VALUE}, overlayfs where it works, "
                    + "else copies).")
    private String snapshotter = "auto";

    @Option(names = "--no-cache", description = "Do not use cached layers.")
    private boolean noCache;

    @Option(names = "--source-date-epoch", paramLabel = "SECONDS",
            description = "Timestamp for a reproducible image (default: env SOURCE_DATE_EPOCH).")
    private Long sourceDateEpoch;

    @Option(names = "--format", paramLabel = "oci|docker",
            description = "The image's media types: OCI's, or Docker's schema 2 (default: ${DEFAULT-VALUE}).")
    private String format = "oci";

    @Option(names = "--compression", paramLabel = "gzip|zstd|none",
            description = "Layer compression (default: ${DEFAULT-VALUE}).")
    private String compression = "gzip";

    @Option(names = "--progress", paramLabel = "auto|tty|plain|rawjson|quiet",
            description = "How steps are shown: tty is a live display, rawjson one JSON event a line; auto is tty on "
                    + "a terminal, else plain (default: ${DEFAULT-VALUE}).")
    private String progressMode = "auto";

    @Option(names = {"-q", "--quiet"}, description = "Print only the image digest: --progress quiet.")
    private boolean quiet;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Builder data: content, cache and local images (default: env BERTH_BUILDER_DATA, else "
                    + "$XDG_DATA_HOME/berth/builder, else ~/.local/share/berth/builder).")
    private Path data;

    /** Read by {@link Berth#main} before the command line is parsed here; declared so that it parses and is listed. */
    @Option(names = "--no-daemon", description = "Build in this process, not in the warm build daemon.")
    private boolean noDaemon;

    @Option(names = "--print-ast", description = "Print the parsed Dockerfile, one instruction a line, and stop.")
    private boolean printAst;

    /** The command line of a build command, named as users call it, with one-line parameter errors. */
    static CommandLine commandLine(BuildCommand command) {
        return OneLineErrors.on(new CommandLine(command).setCommandName("berth build"));
    }

    BuildCommand() {
        this(System.out, System.err, directory -> new Builder(directory, Clock.systemUTC()), Caller.here());
    }

    /**
     * A build command writing the image digest to out and progress and errors to err, with the given builders, for
     * a caller: relative paths of the command line are theirs, and so is the environment the build sees.
     */
    BuildCommand(PrintStream out, PrintStream err, Builders builders, Caller caller) {
        this.out = out;
        this.err = err;
        this.builders = builders;
        this.workingDirectory = caller.workingDirectory();
        this.environment = caller.environment();
        this.terminal = caller.terminal();
    }

    /** A path of the command line, absolute: relative ones are the caller's, wherever the build runs. */
    private Path resolved(Path path) {
        return workingDirectory.resolve(path).normalize();
    }

    @Override
    public Integer call() throws IOException {
        context = resolved(context);
        Path dockerfile = file != null ? resolved(file) : context.resolve("Dockerfile");
        if (printAst) {
            return printAst(dockerfile);
        }
        try (SecretOptions secretFiles = SecretOptions.read(secrets, environment, this::resolved);
             SshAgents agents = SshAgents.read(ssh, environment, this::resolved)) {
            return build(request(dockerfile, secretFiles.files(), agents.sockets()));
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            err.println("berth build: " + e.getMessage());
            return 2;
        }
    }

    /** Runs the build: the image digest on standard output (unless an archive goes there), exit 1 on failure. */
    private int build(BuildRequest request) throws IOException {
        try (Progress progress = Progress.of(quiet ? "quiet" : progressMode, err, terminal)) {
            Builder builder = builders.of(BuilderData.directory(data == null ? null : resolved(data), environment));
            boolean tarOnStandardOutput = request.outputs().stream().anyMatch(OutputSpec::toStandardOutput);
            Optional<KeySigning> signing = signing(request);
            BuiltImage image = builder.build(request, progress, out);
            if (signing.isPresent()) {
                try {
                    signPushed(request, image, signing.get(), progress);
                } catch (IOException | IllegalArgumentException e) {
                    err.println("berth build: pushed " + image.manifest().digest() + " but could not sign it: "
                            + e.getMessage());
                    return 1;
                }
            }
            if (imageIdFile != null) {
                BuildResultFiles.writeImageId(resolved(imageIdFile), image);
            }
            if (metadataFile != null) {
                BuildResultFiles.writeMetadata(resolved(metadataFile), image, tags);
            }
            if (!tarOnStandardOutput) {
                out.println(image.manifest().digest());
            }
            out.flush();
            return 0;
        } catch (BuildException e) {
            err.println("berth build: " + e.getMessage());
            return 1;
        }
    }

    /** How pushed images are signed, if --sign was given; refused when nothing is pushed. */
    private Optional<KeySigning> signing(BuildRequest request) {
        if (signKey == null) {
            return Optional.empty();
        }
        if (pushedNames(request).isEmpty()) {
            throw new IllegalArgumentException("--sign signs what is pushed: add --push (with -t) or --output "
                    + "type=registry");
        }
        return Optional.of(new KeySigning(resolved(signKey), signFormat, Optional.ofNullable(signCertificate)
                .map(this::resolved), Optional.empty(), "jws"));
    }

    /** The names the build pushes to: each registry output's name, else the tags. */
    private List<String> pushedNames(BuildRequest request) {
        List<String> names = new ArrayList<>();
        for (OutputSpec output : request.outputs()) {
            if (output.type() == OutputSpec.Type.REGISTRY) {
                names.addAll(output.name() != null ? List.of(output.name()) : request.tags());
            }
        }
        return names;
    }

    /** Signs the pushed image in each repository it was pushed to. */
    private void signPushed(BuildRequest request, BuiltImage image, KeySigning signing, Progress progress)
            throws IOException {
        RegistryClient client = new RegistryClient(Credentials.load(environment), request.insecureRegistries(),
                environment);
        for (String name : pushedNames(request)) {
            Reference reference = Reference.parse(name);
            progress.info("# signed " + reference.withDigest(image.manifest().digest()) + " " + signing.sign(
                    client.repository(reference), reference, image.manifest(), environment, Clock.systemUTC()));
        }
    }

    private BuildRequest request(Path dockerfile, Map<String, Path> secretFiles, Map<String, Path> sshAgents) {
        Map<String, String> args = new LinkedHashMap<>();
        for (String arg : buildArgs) {
            int equals = arg.indexOf('=');
            if (equals > 0) {
                args.put(arg.substring(0, equals), arg.substring(equals + 1));
            } else if (environment.get(arg) != null) {
                args.put(arg, environment.get(arg));
            }
        }
        Map<String, String> imageLabels = new LinkedHashMap<>();
        for (String label : labels) {
            int equals = label.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("--label " + label + " needs KEY=VALUE");
            }
            imageLabels.put(label.substring(0, equals), label.substring(equals + 1));
        }
        for (String tag : tags) {
            try {
                Reference.parse(tag);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("-t " + tag + ": " + e.getMessage());
            }
        }
        List<OutputSpec> specs = new ArrayList<>();
        for (String output : outputs) {
            OutputSpec spec = OutputSpec.parse(output);
            specs.add(spec.dest() == null || spec.toStandardOutput() ? spec
                    : new OutputSpec(spec.type(), resolved(spec.dest()), spec.name()));
        }
        if (push) {
            if (tags.isEmpty()) {
                throw new IllegalArgumentException("--push needs a -t NAME to push to");
            }
            specs.add(OutputSpec.parse("type=registry"));
        }
        if (!List.of("auto", "tty", "plain", "rawjson", "quiet").contains(progressMode)) {
            throw new IllegalArgumentException("--progress is auto, tty, plain, rawjson or quiet, not '"
                    + progressMode + "'");
        }
        Compression layers;
        try {
            layers = Compression.valueOf(compression.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--compression is gzip, zstd or none, not '" + compression + "'");
        }
        ImageFormat imageFormat = switch (format) {
            case "oci" -> ImageFormat.OCI;
            case "docker" -> ImageFormat.DOCKER;
            default -> throw new IllegalArgumentException("--format is oci or docker, not '" + format + "'");
        };
        return new BuildRequest(context, dockerfile, tags, args, target, specs, noCache, epoch(),
                new BuildRequest.ImageSpec(layers, imageFormat, imageLabels),
                java.util.Set.copyOf(insecureRegistries), caches(cacheFrom, "--cache-from", false),
                caches(cacheTo, "--cache-to", true), new BuildRequest.Sandboxing(network, allowHostLoopback,
                secretFiles, sshAgents, OptionValues.size("--memory", memory), pidsLimit, snapshotter,
                insecureAllowed()),
                withMirrors(environment, registryMirrors), pull, policy());
    }

    /** The environment the builder sees, with the command line's mirrors added for its pulls. */
    static Map<String, String> withMirrors(Map<String, String> environment, List<String> mirrors) {
        if (mirrors.isEmpty()) {
            return environment;
        }
        RegistryMirrors.parse(String.join(",", mirrors));   // refused here, with the flag's value, if malformed
        Map<String, String> with = new java.util.HashMap<>(environment);
        with.merge(RegistryMirrors.VARIABLE, String.join(",", mirrors), (before, added) -> before + "," + added);
        return Map.copyOf(with);
    }

    /** The signature policy base images must satisfy; a file that cannot be read is the caller's error. */
    private Optional<dev.berth.builder.build.ImagePolicy> policy() {
        try {
            return signaturePolicy.load(environment, this::resolved, Clock.systemUTC());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the signature policy's files: " + e.getMessage());
        }
    }

    /** The entitlements of --allow; security.insecure is the one Berth knows. */
    private boolean insecureAllowed() {
        for (String entitlement : entitlements) {
            if (!entitlement.equals("security.insecure")) {
                throw new IllegalArgumentException("--allow " + entitlement + " is no entitlement Berth knows; it "
                        + "knows security.insecure (for RUN --security=insecure)");
            }
        }
        return !entitlements.isEmpty();
    }

    /**
     * The caches of {@code --cache-from} or {@code --cache-to}: {@code type=registry,ref=REF} (or a bare REF),
     * {@code type=local,src=DIR} (import) or {@code dest=DIR} (export), {@code type=inline} (export only).
     */
    private List<CacheLocation> caches(List<String> specs, String option, boolean export) {
        List<CacheLocation> locations = new ArrayList<>();
        for (String spec : specs) {
            Map<String, String> fields = spec.contains("=") ? OptionValues.keyValues(spec) : Map.of("ref", spec);
            String type = fields.getOrDefault("type", "registry");
            String path = fields.get(export ? "dest" : "src");
            locations.add(switch (type) {
                case "registry" -> {
                    if (!fields.containsKey("ref")) {
                        throw new IllegalArgumentException(option + " " + spec + " needs ref=REFERENCE");
                    }
                    try {
                        yield new CacheLocation.Registry(Reference.parse(fields.get("ref")));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(option + " " + spec + ": " + e.getMessage());
                    }
                }
                case "local" -> {
                    if (path == null) {
                        throw new IllegalArgumentException(option + " " + spec + " needs " + (export ? "dest" : "src")
                                + "=DIRECTORY");
                    }
                    yield new CacheLocation.Local(resolved(Path.of(path)));
                }
                case "inline" -> {
                    if (!export) {
                        throw new IllegalArgumentException("--cache-from type=inline is read from the image: use "
                                + "--cache-from type=registry,ref=IMAGE");
                    }
                    yield new CacheLocation.Inline();
                }
                default -> throw new IllegalArgumentException(option + " " + spec + ": type is registry, local or "
                        + "inline, not '" + type + "'");
            });
        }
        return locations;
    }

    private Instant epoch() {
        if (sourceDateEpoch != null) {
            return Instant.ofEpochSecond(sourceDateEpoch);
        }
        String env = environment.get("SOURCE_DATE_EPOCH");
        if (env == null || env.isBlank()) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(env.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SOURCE_DATE_EPOCH must be whole seconds since 1970, not '" + env + "'");
        }
    }

    private int printAst(Path dockerfile) throws IOException {
        try {
            String text = Files.readString(dockerfile, StandardCharsets.UTF_8);
            out.print(AstDump.dump(new DockerfileParser().parse(dockerfile.toString(), text)));
            return 0;
        } catch (NoSuchFileException e) {
            err.println("berth build: no Dockerfile at " + dockerfile + "; name one with -f");
            return 2;
        } catch (DockerfileException e) {
            err.println("berth build: " + e.getMessage());
            return 1;
        }
    }
}
