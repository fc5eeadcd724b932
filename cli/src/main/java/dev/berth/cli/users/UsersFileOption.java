package dev.berth.cli.users;

import dev.berth.cli.serve.ConfigException;
import dev.berth.cli.serve.ServeConfig;
import dev.berth.registry.auth.UsersFile;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** Which users file a {@code berth user} or {@code berth robot} command changes: the one {@code berth serve} reads. */
final class UsersFileOption {

    @Option(names = "--htpasswd", paramLabel = "FILE", description = "The users file (as berth serve --htpasswd).")
    private Path htpasswd;

    @Option(names = "--config", paramLabel = "FILE", description = "berth serve's config file, naming the users "
            + "file as auth.htpasswd.")
    private Path config;

    UsersFile file(Map<String, String> environment) throws ConfigException {
        if (htpasswd != null) {
            return new UsersFile(htpasswd);
        }
        if (config == null) {
            throw new ConfigException("say which users file to change: --htpasswd FILE, or --config FILE of "
                    + "berth serve");
        }
        return new UsersFile(ServeConfig.resolve(config, environment, ServeConfig.Flags.NONE).htpasswd()
                .orElseThrow(() -> new ConfigException(config + " names no users file (auth.htpasswd)")));
    }
}
