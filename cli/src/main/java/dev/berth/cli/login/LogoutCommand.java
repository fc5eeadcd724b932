package dev.berth.cli.login;

import dev.berth.client.auth.AuthFile;
import dev.berth.client.auth.Credentials;
import dev.berth.client.auth.HelperLocator;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth logout}: removes a registry's login from where {@code berth login} keeps it. */
@Command(name = "logout", mixinStandardHelpOptions = true, description = "Log out from a registry.")
public final class LogoutCommand implements Callable<Integer> {

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;

    @Parameters(index = "0", paramLabel = "REGISTRY", description = "The registry, such as localhost:5000.")
    private String registry;

    public LogoutCommand() {
        this(System.out, System.err, System.getenv());
    }

    LogoutCommand(PrintStream out, PrintStream err, Map<String, String> environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    @Override
    public Integer call() {
        try {
            String host = RegistryName.of(registry);
            boolean removed = AuthFile.read(Credentials.loginFile(environment),
                    HelperLocator.onPath(environment.get("PATH"))).erase(host);
            out.println(removed ? "Removing login credentials for " + host : "Not logged in to " + host);
            return 0;
        } catch (IllegalArgumentException | IOException e) {
            err.println("berth logout: " + e.getMessage());
            return 1;
        }
    }
}
