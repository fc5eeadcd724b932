package dev.berth.conformance;

import dev.berth.cache.disk.DiskStorage;
import dev.berth.cache.memory.CacheSettings;
import dev.berth.cache.s3.S3Settings;
import dev.berth.cache.s3.S3Storage;
import dev.berth.cache.storage.Storage;
import dev.berth.registry.Registry;
import dev.berth.registry.auth.Access;
import dev.berth.registry.auth.Authorizer;
import dev.berth.registry.auth.Htpasswd;
import dev.berth.registry.auth.UsersFile;
import dev.berth.registry.auth.federation.Federation;
import dev.berth.registry.watch.InvalidFileException;
import dev.berth.registry.watch.WatchedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The registry the conformance suites run against: the one at {@code BERTH_CONFORMANCE_URL} (or the official suite's
 * {@code OCI_ROOT_URL}) when that is set (such as CNCF Distribution, with {@code BERTH_CONFORMANCE_TARGET=distribution}),
 * logging in with {@code OCI_USERNAME} and {@code OCI_PASSWORD} if they are set, as the official suite does; else a
 * Berth started in-process on a fresh data directory for each test class, with its token flow and a user the suites
 * log in as when {@code BERTH_CONFORMANCE_AUTH=token}, and its data in a bucket of a real S3 server (S3Proxy, in a
 * process of its own) when {@code BERTH_CONFORMANCE_STORAGE=s3}.
 */
public final class RegistryUnderTest implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    public static final String URL_VARIABLE = "BERTH_CONFORMANCE_URL";
    public static final String TARGET_VARIABLE = "BERTH_CONFORMANCE_TARGET";
    public static final String AUTH_VARIABLE = "BERTH_CONFORMANCE_AUTH";
    public static final String STORAGE_VARIABLE = "BERTH_CONFORMANCE_STORAGE";
    private static final String USER = "conformance";
    private static final String PASSWORD = "conformance-password";

    private Registry registry;
    private S3ProxyProcess s3;
    private Path data;
    private RegistryApi api;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException, InterruptedException {
        Optional<String> url = variable(URL_VARIABLE).or(() -> variable("OCI_ROOT_URL"));
        if (url.isPresent()) {
            api = new RegistryApi(URI.create(url.get()), variable("OCI_USERNAME"), variable("OCI_PASSWORD"));
            return;
        }
        data = Files.createTempDirectory("berth-conformance");
        Clock clock = Clock.systemUTC();
        Registry.Options options = Registry.Options.defaults();
        boolean withAuth = variable(AUTH_VARIABLE).filter("token"::equals).isPresent();
        if (withAuth) {
            UsersFile users = new UsersFile(data.resolve("auth/htpasswd"));
            try {
                users.put(USER, Htpasswd.hash(PASSWORD), Optional.empty());
                WatchedFile<Htpasswd> watched = WatchedFile.open(users.path(), Htpasswd::parse);
                options = options.withAccess(Access.forUsers(watched, Authorizer::everyUserEverything,
                        Federation.none(), data.resolve("auth/keys"), clock));
            } catch (InvalidFileException e) {
                throw new IllegalStateException(e);
            }
        }
        registry = Registry.start("127.0.0.1", 0, storage(clock), clock, options);
        api = new RegistryApi(URI.create("http://127.0.0.1:" + registry.port()),
                withAuth ? Optional.of(USER) : Optional.empty(), withAuth ? Optional.of(PASSWORD) : Optional.empty());
        if (withAuth && new RegistryApi(api.base(), Optional.empty(), Optional.empty()).get("/v2/").statusCode() != 401) {
            throw new IllegalStateException("the registry under test should challenge callers without credentials");
        }
    }

    /** Local disk, or a bucket of an S3 server started now. */
    private Storage storage(Clock clock) throws IOException, InterruptedException {
        if (variable(STORAGE_VARIABLE).filter("s3"::equals).isEmpty()) {
            return DiskStorage.open(data.resolve("registry"), clock);
        }
        s3 = S3ProxyProcess.start(data.resolve("s3"));
        s3.createBucket("conformance");
        S3Settings settings = new S3Settings("conformance", "registry/", S3ProxyProcess.REGION,
                Optional.of(s3.endpoint()), true);
        return S3Storage.open(s3.client(), settings, clock, CacheSettings.shared());
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException, InterruptedException {
        if (registry != null) {
            registry.close();
        }
        if (s3 != null) {
            s3.stop();
        }
        if (data != null) {
            TempDirectories.delete(data);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RegistryApi.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return api;
    }

    private static Optional<String> variable(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(value -> !value.isBlank());
    }

    /** Whether the suites run against CNCF Distribution rather than Berth. */
    static boolean isDistribution() {
        return "distribution".equals(System.getenv(TARGET_VARIABLE));
    }

    /** Deletes test directories. */
    static final class TempDirectories {
        static void delete(Path root) {
            try (var paths = Files.walk(root)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
