package dev.berth.cli.serve;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * How {@code berth serve} runs. Each setting comes from, in rising precedence: the default, the YAML config file, an
 * environment variable ({@code BERTH_LISTEN}, {@code BERTH_DATA}), a command-line flag.
 *
 * @param host                        the address to listen on
 * @param port                        the port to listen on; 0 picks a free one
 * @param data                        the data directory of the local-disk storage
 * @param allowUnauthenticatedRemote  whether a non-loopback address may be served without authentication
 */
public record ServeConfig(String host, int port, Path data, boolean allowUnauthenticatedRemote) {

    public static final String DEFAULT_LISTEN = "127.0.0.1:5000";
    public static final Path DEFAULT_DATA = Path.of(System.getProperty("user.home"), ".local", "share", "berth");

    /** The YAML file's shape. */
    record FileConfig(String listen, String data,
                      @JsonProperty("allow-unauthenticated-remote") Boolean allowUnauthenticatedRemote) {
    }

    public static ServeConfig resolve(Path file, Map<String, String> env, String listenFlag, Path dataFlag,
                                      boolean allowFlag) throws ConfigException {
        FileConfig fromFile = file == null ? new FileConfig(null, null, null) : read(file);
        String listen = first(listenFlag, env.get("BERTH_LISTEN"), fromFile.listen(), DEFAULT_LISTEN);
        String data = first(dataFlag == null ? null : dataFlag.toString(), env.get("BERTH_DATA"), fromFile.data(),
                DEFAULT_DATA.toString());
        boolean allow = allowFlag || Boolean.TRUE.equals(fromFile.allowUnauthenticatedRemote());
        ServeConfig config = new ServeConfig(host(listen), port(listen), Path.of(data), allow);
        config.requireSafeExposure();
        return config;
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

    private void requireSafeExposure() throws ConfigException {
        if (allowUnauthenticatedRemote) {
            return;
        }
        try {
            if (!InetAddress.getByName(host).isLoopbackAddress()) {
                throw new ConfigException("listening on " + host + ":" + port + " would serve every image to "
                        + "anyone who can reach " + host + " without authentication; listen on 127.0.0.1, or pass "
                        + "--allow-unauthenticated-remote if that is what you want");
            }
        } catch (UnknownHostException e) {
            throw new ConfigException("listen host '" + host + "' does not resolve: " + e.getMessage());
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
            return config == null ? new FileConfig(null, null, null) : config;
        } catch (IOException e) {
            throw new ConfigException("config file " + file + " is not valid: " + e.getMessage()
                    + " (known keys: listen, data, allow-unauthenticated-remote)");
        }
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
