package dev.berth.cli.serve;

import dev.berth.cache.disk.DiskStorage;
import dev.berth.cache.s3.S3Clients;
import dev.berth.cache.s3.S3Storage;
import dev.berth.cache.storage.Storage;
import dev.berth.cli.Logging;
import dev.berth.registry.Registry;
import dev.berth.registry.auth.Access;
import dev.berth.registry.auth.AccessRules;
import dev.berth.registry.auth.Authorizer;
import dev.berth.registry.auth.Htpasswd;
import dev.berth.registry.auth.federation.ExternalIssuer;
import dev.berth.registry.auth.token.SigningKey;
import dev.berth.registry.auth.token.SigningKeys;
import dev.berth.registry.auth.federation.Federation;
import dev.berth.registry.auth.federation.Jwks;
import dev.berth.registry.auth.federation.JwksSource;
import dev.berth.registry.tls.Pem;
import dev.berth.registry.tls.ServerTls;
import dev.berth.registry.tls.TlsFiles;
import dev.berth.registry.watch.InvalidFileException;
import dev.berth.registry.watch.WatchedFile;
import io.helidon.common.tls.Tls;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * {@code berth serve}: runs the registry on local-disk storage until SIGTERM or Ctrl-C. Every setting that cannot
 * work (a port in use, a data directory that cannot be written, a config file with a wrong key) is one line on
 * standard error and exit status 2; anything else unexpected is one line and status 1, its trace only with
 * {@code --debug}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the OCI registry on local disk, or on S3 (config storage.s3, or BERTH_S3_BUCKET).")
public final class ServeCommand implements Callable<Integer> {

    private static final System.Logger LOG = System.getLogger(ServeCommand.class.getName());

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "Address to listen on (env BERTH_LISTEN; default " + ServeConfig.DEFAULT_LISTEN + ").")
    private String listen;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data directory (env BERTH_DATA; default $XDG_DATA_HOME/berth/registry, or "
                    + "~/.local/share/berth/registry without XDG_DATA_HOME).")
    private Path data;

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML config file with the keys listen, data, allow-unauthenticated-remote, "
                    + "allow-plain-http, upload-expiry, auth.htpasswd, auth.access, auth.oidc, tls.cert, tls.key, "
                    + "tls.client-ca, signatures, storage.s3 (bucket, prefix, region, endpoint, path-style, "
                    + "access-key, secret-key, sse, kms-key-id, redirect), cache.manifest-bytes, cache.tag-ttl.")
    private Path config;

    @Option(names = "--allow-unauthenticated-remote",
            description = "Allow listening on a non-loopback address without authentication.")
    private boolean allowUnauthenticatedRemote;

    @Option(names = "--allow-plain-http",
            description = "Allow listening on a non-loopback address without TLS (behind a proxy that terminates "
                    + "it).")
    private boolean allowPlainHttp;

    @Option(names = "--upload-expiry", paramLabel = "DURATION",
            description = "Remove upload sessions idle for longer than this, with their data: 90s, 30m, 24h, 7d "
                    + "(default " + ServeConfig.DEFAULT_UPLOAD_EXPIRY + ").")
    private String uploadExpiry;

    @Option(names = "--htpasswd", paramLabel = "FILE",
            description = "Require a login: users and bcrypt password hashes, as htpasswd -B writes them (config "
                    + "auth.htpasswd; default: no authentication). Edits apply without a restart.")
    private Path htpasswd;

    @Option(names = "--access", paramLabel = "FILE",
            description = "Access rules: groups, admins, anonymous pulls, and who may pull, push or delete where "
                    + "(config auth.access; default: every user may do everything). Edits apply without a restart.")
    private Path access;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "Serve HTTPS with this PEM certificate chain (config tls.cert); reloaded when it changes.")
    private Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE",
            description = "The PEM private key of --tls-cert (config tls.key); reloaded when it changes.")
    private Path tlsKey;

    @Option(names = "--tls-client-ca", paramLabel = "FILE",
            description = "Accept client certificates signed by these PEM certificates (mTLS): a certificate's "
                    + "common name logs in as that user or robot (config tls.client-ca).")
    private Path tlsClientCa;

    @Option(names = "--log-format", paramLabel = "text|json",
            description = "Log lines as text or as one JSON object each (default ${DEFAULT-VALUE}).")
    private String logFormat = "text";

    @Option(names = "--log-level", paramLabel = "LEVEL",
            description = "Least severe level logged: error, warn, info (every request) or debug "
                    + "(default ${DEFAULT-VALUE}).")
    private String logLevel = "info";

    @Option(names = "--debug", description = "Print the stack trace of an unexpected error.")
    private boolean debug;

    @Override
    public Integer call() {
        try {
            configureLogging();
            ServeConfig.Flags flags = new ServeConfig.Flags(listen, data, allowUnauthenticatedRemote, allowPlainHttp,
                    uploadExpiry, htpasswd, access, tlsCert, tlsKey, tlsClientCa);
            return serve(ServeConfig.resolve(config, System.getenv(), flags));
        } catch (ConfigException e) {
            System.err.println("berth serve: " + e.getMessage());
            return 2;
        } catch (IOException | RuntimeException e) {
            System.err.println("berth serve: " + e + (debug ? "" : " (--debug prints the trace)"));
            if (debug) {
                e.printStackTrace();
            }
            return 1;
        }
    }

    private int serve(ServeConfig settings) throws ConfigException, IOException {
        Path data = usableDataDirectory(settings.data());
        requireFree(settings);
        Storage storage = storage(settings.storage(), data, false);
        Registry.Options options = Registry.Options.defaults().withUploadExpiry(settings.uploadExpiry())
                .withGc(settings.gc()).withImmutableTags(settings.immutableTags())
                .withLifecycle(settings.lifecycle()).withWebhooks(settings.webhooks())
                .withMirrors(settings.mirrors());
        if (settings.managementPort().isPresent()) {
            options = options.withManagementPort(settings.managementPort().get());
        }
        if (settings.htpasswd().isPresent()) {
            options = options.withAccess(access(settings.htpasswd().get(), settings.access(),
                    federation(settings.oidc()), tokenKeys(settings)));
        }
        if (settings.tls().isPresent()) {
            options = options.withTls(tls(settings.tls().get()));
        }
        if (settings.signatures().isPresent()) {
            options = options.withSignatures(RegistrySignatures.of(settings.signatures().get(), settings.host() + ":"
                    + settings.port(), System.getenv()));
        }
        Registry registry = Registry.start(settings.host(), settings.port(), storage, Clock.systemUTC(), options);
        if (!registry.isRunning() || registry.port() < 0) {
            registry.close();
            throw inUse(settings);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // The JDK's logging is already shut down when this runs, so this goes to standard error directly.
            System.err.println("berth serve: stopping");
            registry.close();
            System.err.println("berth serve: stopped");
            stopped.countDown();
        }, "berth-shutdown"));
        LOG.log(System.Logger.Level.INFO, "serving the registry on " + (settings.secure() ? "https" : "http") + "://"
                + settings.host() + ":" + registry.port() + " with data in " + settings.storage().s3()
                .map(s3 -> "S3 bucket " + s3.settings().bucket() + s3.settings().endpoint().map(uri -> " at " + uri)
                        .orElse("") + (s3.settings().prefix().isEmpty() ? "" : " under " + s3.settings().prefix()))
                .orElse(settings.data().toAbsolutePath().toString())
                + registry.managementPort().map(port -> "; /metrics on port " + port).orElse(""));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * Local-disk storage in the data directory, or the S3 bucket, checked to answer before serving. A process beside
     * the registry ({@code berth gc}) opens a data directory {@code shared}, remembering nothing of it.
     */
    static Storage storage(StorageConfig config, Path data, boolean shared) throws ConfigException, IOException {
        if (config.s3().isEmpty()) {
            return shared ? DiskStorage.openShared(data, Clock.systemUTC())
                    : DiskStorage.open(data, Clock.systemUTC(), config.caches());
        }
        StorageConfig.S3 s3 = config.s3().get();
        AwsCredentialsProvider credentials = s3.accessKey().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey().get(),
                        s3.secretKey().orElseThrow()))
                : DefaultCredentialsProvider.builder().build();
        try {
            return S3Storage.open(S3Clients.of(s3.settings(), credentials), s3.settings(), s3.redirect()
                    ? Optional.of(S3Clients.presigner(s3.settings(), credentials)) : Optional.empty(),
                    Clock.systemUTC(), config.caches());
        } catch (IOException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /**
     * The key configured for every node, else keys of this node's own in its data directory (and a warning when
     * other nodes may share its storage, since they would refuse its tokens).
     */
    private static SigningKeys tokenKeys(ServeConfig settings) throws ConfigException, IOException {
        if (settings.tokenKey().isEmpty()) {
            if (settings.storage().s3().isPresent()) {
                LOG.log(System.Logger.Level.WARNING, "tokens are signed with this node's own key: if other nodes "
                        + "serve the same bucket, give each the same auth.token-key so they accept each other's tokens");
            }
            return SigningKeys.open(settings.data().resolve("auth/token-keys"), Clock.systemUTC(),
                    Access.KEY_ROTATION);
        }
        Path file = settings.tokenKey().get();
        WatchedFile<PrivateKey> key = watched(file, Pem::privateKey, "token key (auth.token-key)",
                "make one with openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " + file);
        try {
            return SigningKeys.configured(SigningKey.configured(key.get()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file + ": " + e.getMessage());
        }
    }

    /** Access for the users of an htpasswd file under the access rules, if any, with these token keys. */
    private static Access access(Path usersFile, Optional<Path> rulesFile, Federation federation, SigningKeys keys)
            throws ConfigException {
        WatchedFile<Htpasswd> users = watched(usersFile, Htpasswd::parse, "htpasswd file",
                "create it with berth user add --htpasswd " + usersFile + " NAME, or htpasswd -B -c " + usersFile
                        + " NAME");
        Supplier<Authorizer> rules;
        if (rulesFile.isPresent()) {
            rules = watched(rulesFile.get(), AccessRules::parse, "access rules file", "see berth serve --help");
            LOG.log(System.Logger.Level.INFO, "authentication on: " + users.get().names().size() + " accounts from "
                    + usersFile + ", access rules from " + rulesFile.get());
        } else {
            Authorizer everything = Authorizer.everyUserEverything();
            rules = () -> everything;
            LOG.log(System.Logger.Level.INFO, "authentication on: " + users.get().names().size() + " accounts from "
                    + usersFile + ", each of whom may pull, push and delete in every repository (no --access rules)");
        }
        return Access.forUsers(users, rules, federation, keys, Clock.systemUTC());
    }

    /** The external identity providers, their key sets at a URL fetched when first needed, or read from a file now. */
    private static Federation federation(List<ServeConfig.OidcIssuer> issuers) throws ConfigException {
        List<ExternalIssuer> external = new ArrayList<>();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        for (ServeConfig.OidcIssuer issuer : issuers) {
            JwksSource keys = issuer.jwks().startsWith("http")
                    ? new JwksSource.Url(URI.create(issuer.jwks()), http, Clock.systemUTC())
                    : new JwksSource.File(watched(Path.of(issuer.jwks()), Jwks::parse, "key set of auth.oidc "
                            + issuer.name(), "copy the issuer's JWKS there, or give its URL"));
            external.add(new ExternalIssuer(issuer.name(), issuer.issuer(), issuer.audience(), keys,
                    issuer.groups()));
            LOG.log(System.Logger.Level.INFO, "accepting tokens of " + issuer.issuer() + " as external:"
                    + issuer.name() + " (docker login -u " + Federation.LOGIN_NAME + ")");
        }
        return new Federation(external, Clock.systemUTC(), Duration.ofSeconds(60));
    }

    /** HTTPS with the certificate and key, refused in one line if they are not what they should be. */
    private static Tls tls(TlsFiles files) throws ConfigException {
        try {
            return ServerTls.of(files);
        } catch (InvalidFileException e) {
            throw new ConfigException(e.getMessage());
        } catch (IOException e) {
            throw new ConfigException("TLS file cannot be read (" + e.getClass().getSimpleName()
                    .replace("Exception", "") + ": " + e.getMessage() + "): check --tls-cert, --tls-key and "
                    + "--tls-client-ca");
        }
    }

    private static <T> WatchedFile<T> watched(Path file, WatchedFile.Parser<T> parser, String what, String fix)
            throws ConfigException {
        try {
            return WatchedFile.open(file, parser);
        } catch (InvalidFileException e) {
            throw new ConfigException(e.getMessage());
        } catch (IOException e) {
            throw new ConfigException(what + " " + file + " cannot be read (" + e.getClass().getSimpleName()
                    .replace("Exception", "") + ": " + e.getMessage() + "): " + fix);
        }
    }

    private void configureLogging() throws ConfigException {
        Logging.LogFormat format;
        switch (logFormat.toLowerCase(Locale.ROOT)) {
            case "text" -> format = Logging.LogFormat.TEXT;
            case "json" -> format = Logging.LogFormat.JSON;
            default -> throw new ConfigException("log format '" + logFormat + "' is neither text nor json");
        }
        try {
            Logging.configure(format, Logging.level(logLevel));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** The data directory, created if absent; refused, saying why, when it is no directory or cannot be written. */
    private static Path usableDataDirectory(Path directory) throws ConfigException {
        String choose = ": choose another with --data or BERTH_DATA";
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new ConfigException("data directory " + directory + " is a file, not a directory" + choose);
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new ConfigException("cannot create data directory " + directory + " (" + e.getClass()
                    .getSimpleName().replace("Exception", "") + ": " + e.getMessage() + ")" + choose);
        }
        Path probe = directory.resolve(".berth-write-probe");
        try {
            Files.deleteIfExists(Files.createFile(probe));
        } catch (IOException e) {
            throw new ConfigException("data directory " + directory + " is not writable" + choose);
        }
        return directory;
    }

    /**
     * Refuses a listen address another process holds, before the web server (which would log a trace for it and
     * go on as if serving).
     */
    private static void requireFree(ServeConfig settings) throws ConfigException {
        if (settings.port() == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(settings.host(), settings.port()));
        } catch (BindException e) {
            if (String.valueOf(e.getMessage()).contains("in use")) {
                throw inUse(settings);
            }
            throw new ConfigException("cannot listen on " + settings.host() + ":" + settings.port() + " ("
                    + e.getMessage() + "): choose an address of this machine with --listen");
        } catch (IOException e) {
            throw new ConfigException("cannot listen on " + settings.host() + ":" + settings.port() + " ("
                    + e.getMessage() + "): choose another address with --listen");
        }
    }

    private static ConfigException inUse(ServeConfig settings) {
        return new ConfigException("cannot listen on " + settings.host() + ":" + settings.port()
                + ": the address is in use (another registry?); choose another with --listen HOST:PORT");
    }
}
