package dev.berth.cli.serve;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.berth.cli.DataHome;
import dev.berth.registry.auth.federation.ClaimMapping;
import dev.berth.registry.gc.GcSettings;
import dev.berth.registry.events.WebhookSettings;
import dev.berth.registry.lifecycle.LifecycleSettings;
import dev.berth.registry.mirror.Mirror;
import dev.berth.registry.tag.ImmutableTags;
import dev.berth.registry.tls.TlsFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How {@code berth serve} runs. Each setting comes from, in rising precedence: the default, the YAML config file, an
 * environment variable ({@code BERTH_LISTEN}, {@code BERTH_DATA}), a command-line flag.
 *
 * @param host                        the address to listen on
 * @param port                        the port to listen on; 0 picks a free one
 * @param data                        the data directory of the local-disk storage
 * @param allowUnauthenticatedRemote  whether a non-loopback address may be served without authentication
 * @param allowPlainHttp              whether a non-loopback address may be served without TLS
 * @param uploadExpiry                how long an upload session may stay idle before it is removed
 * @param htpasswd                    the users' htpasswd file, which turns authentication on
 * @param access                      the access rules file; without one, every user may do everything
 * @param tls                         the certificate and key to serve HTTPS with
 * @param oidc                        external identity providers whose tokens log in (config file only)
 * @param signatures                  the signature policy of pulls and signing of pushes (config file only)
 * @param storage                     local disk or an S3 bucket, and the in-memory caches
 * @param tokenKey                    the token signing key every node of a cluster is given (config file only);
 *                                    without one, each node makes its own under its data directory
 * @param gc                          how garbage collection runs (config file only)
 * @param immutableTags               which tags may not move once pushed (config file only)
 * @param lifecycle                   lifecycle policies and how often they run (config file only)
 * @param managementPort              a port of its own for /metrics, /healthz and /readyz (config
 *                                    {@code management.port}, {@code BERTH_MANAGEMENT_PORT})
 * @param webhooks                    who is told of pushes, deletions and maintenance (config file only)
 * @param mirrors                     repository prefixes filled from upstream registries (config file only)
 */
public record ServeConfig(String host, int port, Path data, boolean allowUnauthenticatedRemote,
                          boolean allowPlainHttp, Duration uploadExpiry, Optional<Path> htpasswd,
                          Optional<Path> access, Optional<TlsFiles> tls, List<OidcIssuer> oidc,
                          Optional<SignaturesConfig> signatures, StorageConfig storage, Optional<Path> tokenKey,
                          GcSettings gc, ImmutableTags immutableTags, LifecycleSettings lifecycle,
                          Optional<Integer> managementPort, WebhookSettings webhooks, List<Mirror> mirrors) {

    /**
     * An identity provider of {@code auth.oidc}.
     *
     * @param name     what rules call it ({@code external:NAME})
     * @param issuer   the {@code iss} of its tokens
     * @param audience the {@code aud} its tokens must have (default {@code berth})
     * @param jwks     its key set: an http(s) URL, or a file (relative to the config file)
     * @param groups   groups by claims
     */
    public record OidcIssuer(String name, String issuer, String audience, String jwks, List<ClaimMapping> groups) {
    }

    private static final Pattern ISSUER_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    public static final String DEFAULT_LISTEN = "127.0.0.1:5000";

    public static final String DEFAULT_UPLOAD_EXPIRY = "24h";

    private static final List<String> KNOWN_KEYS = List.of("listen", "data", "allow-unauthenticated-remote",
            "allow-plain-http", "upload-expiry", "auth", "tls", "signatures", "storage", "cache", "gc", "tags", "lifecycle",
            "management", "events", "mirrors");
    private static final Pattern DURATION = Pattern.compile("(\\d+)([smhd])");
    private static final Set<String> DISTRIBUTION_KEYS = Set.of("version", "log", "http",
            "health", "proxy", "notifications", "redis", "middleware", "reporting", "validation", "compatibility",
            "loglevel", "filesystem", "inmemory", "azure", "gcs", "maintenance", "regionendpoint", "accesskey",
            "secretkey", "forcepathstyle", "rootdirectory", "encrypt", "keyid");
    private static final Set<String> ZOT_KEYS = Set.of("distSpecVersion", "extensions", "scheduler", "cluster",
            "rootDirectory", "dedupe", "storageDriver");

    /** The YAML file's shape. */
    record FileConfig(String listen, String data,
                      @JsonProperty("allow-unauthenticated-remote") Boolean allowUnauthenticatedRemote,
                      @JsonProperty("allow-plain-http") Boolean allowPlainHttp,
                      @JsonProperty("upload-expiry") String uploadExpiry, Auth auth, Tls tls, Signatures signatures,
                      StorageConfig.Written storage, StorageConfig.WrittenCache cache, GcConfig.Written gc,
                      TagsConfig.Written tags, LifecycleConfig.Written lifecycle, Management management,
                      EventsConfig.Written events, List<MirrorsConfig.Written> mirrors) {

        static final FileConfig NONE = new FileConfig(null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null);

        /** The {@code management:} section. */
        record Management(Integer port) {
        }

        /** The {@code auth:} section. */
        record Auth(String htpasswd, String access, List<Oidc> oidc, @JsonProperty("token-key") String tokenKey) {
        }

        /** One provider of {@code auth.oidc}. */
        record Oidc(String name, String issuer, String audience, String jwks, List<Group> groups) {
        }

        /** A group of {@code auth.oidc[].groups}: the identities whose claims match join it. */
        record Group(String group, Map<String, String> claims) {
        }

        /** The {@code tls:} section. */
        record Tls(String cert, String key, @JsonProperty("client-ca") String clientCa) {
        }

        /** The {@code signatures:} section. */
        record Signatures(String name, String policy, String cache, List<Sign> sign) {
        }

        /** One rule of {@code signatures.sign}. */
        record Sign(List<String> repositories, String key, String format) {
        }
    }

    /** What the command line said; null (or false) where it said nothing. */
    public record Flags(String listen, Path data, boolean allowUnauthenticatedRemote, boolean allowPlainHttp,
                        String uploadExpiry, Path htpasswd, Path access, Path tlsCert, Path tlsKey,
                        Path tlsClientCa) {

        public static final Flags NONE = new Flags(null, null, false, false, null, null, null, null, null, null);

        public Flags withListen(String address) {
            return new Flags(address, data, allowUnauthenticatedRemote, allowPlainHttp, uploadExpiry, htpasswd,
                    access, tlsCert, tlsKey, tlsClientCa);
        }

        public Flags withData(Path directory) {
            return new Flags(listen, directory, allowUnauthenticatedRemote, allowPlainHttp, uploadExpiry, htpasswd,
                    access, tlsCert, tlsKey, tlsClientCa);
        }

        public Flags withAllowUnauthenticatedRemote() {
            return new Flags(listen, data, true, allowPlainHttp, uploadExpiry, htpasswd, access, tlsCert, tlsKey,
                    tlsClientCa);
        }

        public Flags withAllowPlainHttp() {
            return new Flags(listen, data, allowUnauthenticatedRemote, true, uploadExpiry, htpasswd, access, tlsCert,
                    tlsKey, tlsClientCa);
        }

        public Flags withUploadExpiry(String expiry) {
            return new Flags(listen, data, allowUnauthenticatedRemote, allowPlainHttp, expiry, htpasswd, access,
                    tlsCert, tlsKey, tlsClientCa);
        }

        public Flags withHtpasswd(Path file) {
            return new Flags(listen, data, allowUnauthenticatedRemote, allowPlainHttp, uploadExpiry, file, access,
                    tlsCert, tlsKey, tlsClientCa);
        }

        public Flags withAccess(Path file) {
            return new Flags(listen, data, allowUnauthenticatedRemote, allowPlainHttp, uploadExpiry, htpasswd, file,
                    tlsCert, tlsKey, tlsClientCa);
        }

        public Flags withTls(Path cert, Path key, Path clientCa) {
            return new Flags(listen, data, allowUnauthenticatedRemote, allowPlainHttp, uploadExpiry, htpasswd,
                    access, cert, key, clientCa);
        }
    }

    public static ServeConfig resolve(Path file, Map<String, String> env, Flags flags) throws ConfigException {
        FileConfig fromFile = file == null ? FileConfig.NONE : read(file);
        String listen = first(flags.listen(), env.get("BERTH_LISTEN"), fromFile.listen(), DEFAULT_LISTEN);
        String data = first(flags.data() == null ? null : flags.data().toString(), env.get("BERTH_DATA"),
                fromFile.data(), DataHome.of(env).registry().toString());
        boolean allow = flags.allowUnauthenticatedRemote()
                || Boolean.TRUE.equals(fromFile.allowUnauthenticatedRemote());
        boolean plainHttp = flags.allowPlainHttp() || Boolean.TRUE.equals(fromFile.allowPlainHttp());
        Duration uploadExpiry = duration(first(flags.uploadExpiry(), fromFile.uploadExpiry(), DEFAULT_UPLOAD_EXPIRY),
                "upload expiry");
        Optional<FileConfig.Auth> auth = Optional.ofNullable(fromFile.auth());
        Optional<FileConfig.Tls> tls = Optional.ofNullable(fromFile.tls());
        Optional<Path> htpasswd = path(file, flags.htpasswd(), auth.map(FileConfig.Auth::htpasswd));
        Optional<Path> access = path(file, flags.access(), auth.map(FileConfig.Auth::access));
        Optional<Path> tokenKey = path(file, null, auth.map(FileConfig.Auth::tokenKey));
        if (tokenKey.isPresent() && htpasswd.isEmpty()) {
            throw new ConfigException(file + ": auth.token-key signs the tokens of logged-in users: give "
                    + "auth.htpasswd too");
        }
        Optional<Path> cert = path(file, flags.tlsCert(), tls.map(FileConfig.Tls::cert));
        Optional<Path> key = path(file, flags.tlsKey(), tls.map(FileConfig.Tls::key));
        Optional<Path> clientCa = path(file, flags.tlsClientCa(), tls.map(FileConfig.Tls::clientCa));
        if (cert.isPresent() != key.isPresent()) {
            throw new ConfigException("TLS needs both a certificate and its key: give --tls-cert and --tls-key "
                    + "(config tls.cert and tls.key)");
        }
        if (clientCa.isPresent() && cert.isEmpty()) {
            throw new ConfigException("client certificates (--tls-client-ca) need TLS: give --tls-cert and "
                    + "--tls-key too");
        }
        if (access.isPresent() && htpasswd.isEmpty()) {
            throw new ConfigException("access rules (--access) need users to apply to: give --htpasswd FILE too");
        }
        List<OidcIssuer> oidc = oidc(file, auth.map(FileConfig.Auth::oidc).orElse(List.of()));
        if (!oidc.isEmpty() && htpasswd.isEmpty()) {
            throw new ConfigException(file + ": auth.oidc needs authentication on: give auth.htpasswd too");
        }
        Optional<SignaturesConfig> signatures = fromFile.signatures() == null ? Optional.empty()
                : Optional.of(SignaturesConfig.of(file, fromFile.signatures()));
        StorageConfig storage = StorageConfig.of(file, fromFile.storage(), fromFile.cache(), env);
        ServeConfig config = new ServeConfig(host(listen), port(listen), Path.of(data), allow, plainHttp,
                uploadExpiry, htpasswd, access, cert.map(c -> new TlsFiles(c, key.get(), clientCa)), oidc,
                signatures, storage, tokenKey, GcConfig.of(file, fromFile.gc()),
                TagsConfig.of(file, fromFile.tags()), LifecycleConfig.of(file, fromFile.lifecycle()),
                managementPort(env, fromFile), EventsConfig.of(file, fromFile.events(), Path.of(data),
                "berth://" + listen), MirrorsConfig.of(file, fromFile.mirrors()));
        config.requireSafeExposure();
        return config;
    }

    /** The management port, from the environment or the file, checked to be a port. */
    private static Optional<Integer> managementPort(Map<String, String> env, FileConfig fromFile)
            throws ConfigException {
        String text = env.get("BERTH_MANAGEMENT_PORT");
        if (text == null || text.isBlank()) {
            if (fromFile.management() == null || fromFile.management().port() == null) {
                return Optional.empty();
            }
            text = fromFile.management().port().toString();
        }
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return Optional.of(port);
            }
        } catch (NumberFormatException e) {
            // Refused below.
        }
        throw new ConfigException("management port '" + text + "' is not a port (0-65535)");
    }

    /** The identity providers of {@code auth.oidc}, each checked for what it needs. */
    private static List<OidcIssuer> oidc(Path file, List<FileConfig.Oidc> written) throws ConfigException {
        List<OidcIssuer> issuers = new java.util.ArrayList<>();
        for (FileConfig.Oidc oidc : written) {
            String where = file + ": auth.oidc " + (oidc.name() == null ? "#" + (issuers.size() + 1) : oidc.name());
            if (oidc.name() == null || !ISSUER_NAME.matcher(oidc.name()).matches()) {
                throw new ConfigException(where + ": needs a name of lower-case letters, digits and - (rules grant "
                        + "to external:NAME)");
            }
            if (oidc.issuer() == null || oidc.jwks() == null) {
                throw new ConfigException(where + ": needs issuer (the iss of its tokens) and jwks (its key set's URL "
                        + "or file)");
            }
            String jwks = oidc.jwks().startsWith("https://") || oidc.jwks().startsWith("http://") ? oidc.jwks()
                    : file.toAbsolutePath().resolveSibling(oidc.jwks()).toString();
            List<ClaimMapping> groups = new java.util.ArrayList<>();
            for (FileConfig.Group group : oidc.groups() == null ? List.<FileConfig.Group>of() : oidc.groups()) {
                if (group.group() == null || group.claims() == null || group.claims().isEmpty()) {
                    throw new ConfigException(where + ": each of groups needs a group and the claims that join it");
                }
                groups.add(new ClaimMapping(group.group(), group.claims()));
            }
            issuers.add(new OidcIssuer(oidc.name(), oidc.issuer(), oidc.audience() == null ? "berth"
                    : oidc.audience(), jwks, groups));
        }
        return issuers;
    }

    /** A file named by the flag, else by the config file (relative to it). */
    private static Optional<Path> path(Path configFile, Path flag, Optional<String> fromFile) {
        return Optional.ofNullable(flag).or(() -> fromFile.map(name -> configFile.toAbsolutePath()
                .resolveSibling(name)));
    }

    /** Whether the registry is served with HTTPS. */
    public boolean secure() {
        return tls.isPresent();
    }

    private static String host(String listen) throws ConfigException {
        int colon = listen.lastIndexOf(':');
        if (colon < 0) {
            throw new ConfigException("listen address '" + listen + "' needs a port, such as 127.0.0.1:5000");
        }
        String host = listen.substring(0, colon);
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static int port(String listen) throws ConfigException {
        String text = listen.substring(listen.lastIndexOf(':') + 1);
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new ConfigException("listen address '" + listen + "' has no valid port (0-65535) after the last ':'");
        }
    }

    /** A duration as {@code 90s}, {@code 30m}, {@code 24h} or {@code 7d}; {@code what} names it in errors. */
    static Duration duration(String text, String what) throws ConfigException {
        Matcher m = DURATION.matcher(text.trim());
        try {
            if (m.matches() && Long.parseLong(m.group(1)) > 0) {
                long amount = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            }
        } catch (NumberFormatException | ArithmeticException tooLarge) {
            // Refused below.
        }
        throw new ConfigException(what + " '" + text + "' is not a positive duration such as 90s, 30m, 24h or 7d");
    }

    /**
     * Refuses to serve beyond this machine without authentication or without TLS, unless told so on purpose: images
     * would go to anyone who can reach the address, and passwords and tokens would cross the network in clear.
     */
    private void requireSafeExposure() throws ConfigException {
        boolean loopback;
        try {
            loopback = InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new ConfigException("listen host '" + host + "' does not resolve: " + e.getMessage());
        }
        if (loopback) {
            return;
        }
        if (htpasswd.isEmpty() && !allowUnauthenticatedRemote) {
            throw new ConfigException("listening on " + host + ":" + port + " would serve every image to "
                    + "anyone who can reach " + host + " without authentication; give users with --htpasswd FILE, "
                    + "listen on 127.0.0.1, or pass --allow-unauthenticated-remote if that is what you want");
        }
        if (tls.isEmpty() && !allowPlainHttp) {
            throw new ConfigException("listening on " + host + ":" + port + " without TLS would send passwords, "
                    + "tokens and images in clear; give --tls-cert and --tls-key, or pass --allow-plain-http if a "
                    + "proxy in front terminates TLS");
        }
    }

    private static FileConfig read(Path file) throws ConfigException {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file " + file + " does not exist");
        }
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            FileConfig config = yaml.readValue(file.toFile(), FileConfig.class);
            return config == null ? FileConfig.NONE : config;
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(file + lineOf(file, e.getPropertyName()) + ": unknown key '"
                    + e.getPropertyName() + "'" + hint(e.getPropertyName()));
        } catch (JsonProcessingException e) {
            throw new ConfigException(file + line(e.getLocation()) + ": not a valid config: "
                    + e.getOriginalMessage().lines().findFirst().orElse("") + " (known keys: "
                    + String.join(", ", KNOWN_KEYS) + ")");
        } catch (IOException e) {
            throw new ConfigException("config file " + file + " cannot be read: " + e.getMessage());
        }
    }

    /** The line a key is first on (the parser reports where it stopped reading, a line or more later). */
    private static String lineOf(Path file, String key) {
        String quoted = Pattern.quote(key);
        Pattern keyLine = Pattern.compile("^\\s*[\"']?" + quoted + "[\"']?\\s*:|[{,]\\s*\"" + quoted + "\"\\s*:");
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            return "";
        }
        for (int i = 0; i < lines.size(); i++) {
            if (keyLine.matcher(lines.get(i)).find()) {
                return ":" + (i + 1);
            }
        }
        return "";
    }

    private static String line(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? "" : ":" + location.getLineNr();
    }

    /** What to do about an unknown key: the known key it looks misspelt from, or which other registry it is for. */
    private static String hint(String key) {
        for (String known : KNOWN_KEYS) {
            if (Levenshtein.distance(key.toLowerCase(Locale.ROOT), known) <= 2) {
                return "; did you mean '" + known + "'?";
            }
        }
        if (ZOT_KEYS.contains(key)) {
            return "; this looks like a Zot config.json, which berth serve does not read (its keys are "
                    + String.join(", ", KNOWN_KEYS) + ")";
        }
        if (DISTRIBUTION_KEYS.contains(key)) {
            return "; this looks like a CNCF Distribution config.yml, which berth serve does not read (its keys are "
                    + String.join(", ", KNOWN_KEYS) + ")";
        }
        return " (known keys: " + String.join(", ", KNOWN_KEYS) + ")";
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        throw new IllegalStateException("the last value is a default and never null");
    }
}
