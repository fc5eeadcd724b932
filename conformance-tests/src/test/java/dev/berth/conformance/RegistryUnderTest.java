package dev.berth.conformance;

import dev.berth.cache.disk.DiskStorage;
import dev.berth.registry.Registry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The registry the conformance suites run against: the one at {@code BERTH_CONFORMANCE_URL} when that is set (such
 * as CNCF Distribution, with {@code BERTH_CONFORMANCE_TARGET=distribution}), else a Berth started in-process on a
 * fresh data directory for each test class.
 */
public final class RegistryUnderTest implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    public static final String URL_VARIABLE = "BERTH_CONFORMANCE_URL";
    public static final String TARGET_VARIABLE = "BERTH_CONFORMANCE_TARGET";

    private Registry registry;
    private Path data;
    private RegistryApi api;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        String url = System.getenv(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            api = new RegistryApi(URI.create(url));
            return;
        }
        data = Files.createTempDirectory("berth-conformance");
        registry = Registry.start("127.0.0.1", 0, DiskStorage.open(data, Clock.systemUTC()), Clock.systemUTC());
        api = new RegistryApi(URI.create("http://127.0.0.1:" + registry.port()));
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (registry != null) {
            registry.close();
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
