package dev.berth.cli.users;

import dev.berth.cli.serve.ConfigException;
import dev.berth.registry.auth.Htpasswd;
import dev.berth.registry.auth.Principal;
import dev.berth.registry.auth.UsersFile;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth robot add|rm|list}: machine accounts for pipelines and clusters, {@code robot$NAME} in the users file
 * (and in {@code docker login -u}, as in Harbor), with a generated secret shown once, and optionally an expiry.
 */
@Command(name = "robot", mixinStandardHelpOptions = true,
        description = "Add, remove and list robot accounts, whose secrets are generated and shown once.")
public final class RobotCommand {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})([hd])");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;
    private final Clock clock;

    public RobotCommand() {
        this(System.out, System.err, System.getenv(), Clock.systemUTC());
    }

    RobotCommand(PrintStream out, PrintStream err, Map<String, String> environment, Clock clock) {
        this.out = out;
        this.err = err;
        this.environment = environment;
        this.clock = clock;
    }

    @Command(name = "add", description = "Add a robot and print its secret, once, on standard output.")
    int add(@Mixin UsersFileOption users, @Parameters(paramLabel = "NAME") String name,
            @Option(names = "--expires", paramLabel = "WHEN",
                    description = "When it stops working: after a duration (12h, 90d) or on a date (2027-06-30, "
                            + "UTC); default never.") String expires) {
        return run("add", () -> {
            UsersFile file = users.file(environment);
            String robot = AccountNames.robot(name);
            if (file.read().names().contains(robot)) {
                throw new IllegalArgumentException(robot + " exists already; remove it with berth robot rm " + name
                        + " to give it a new secret");
            }
            Optional<Instant> until = expires == null ? Optional.empty() : Optional.of(expiry(expires));
            byte[] secret = new byte[32];
            RANDOM.nextBytes(secret);
            String text = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            file.put(robot, Htpasswd.hash(text), until);
            out.println(text);
            err.println("added " + robot + until.map(instant -> ", expiring " + instant).orElse("")
                    + "; its secret above is shown only this once: docker login -u '" + robot + "' --password-stdin");
        });
    }

    @Command(name = "rm", description = "Remove a robot; its tokens stop working at once.")
    int rm(@Mixin UsersFileOption users, @Parameters(paramLabel = "NAME") String name) {
        return run("rm", () -> {
            UsersFile file = users.file(environment);
            String robot = AccountNames.robot(name);
            if (!file.remove(robot)) {
                throw new IllegalArgumentException("there is no " + robot + " in " + file.path());
            }
            err.println("removed " + robot);
        });
    }

    @Command(name = "list", description = "List the robots with when they expire.")
    int list(@Mixin UsersFileOption users) {
        return run("list", () -> {
            Htpasswd accounts = users.file(environment).read();
            Instant now = clock.instant();
            accounts.names().stream().filter(name -> name.startsWith(Principal.Robot.PREFIX)).sorted().forEach(name ->
                    out.println(name + "\t" + accounts.expires(name).map(when -> (when.isAfter(now) ? "expires "
                            : "expired ") + when).orElse("never expires")));
        });
    }

    private int run(String subcommand, UserCommand.Step step) {
        return UserCommand.run("robot " + subcommand, step, err);
    }

    private Instant expiry(String text) {
        Matcher duration = DURATION.matcher(text);
        if (duration.matches()) {
            long amount = Long.parseLong(duration.group(1));
            return clock.instant().plus(duration.group(2).equals("h") ? Duration.ofHours(amount)
                    : Duration.ofDays(amount));
        }
        try {
            Instant date = LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            if (!date.isAfter(clock.instant())) {
                throw new IllegalArgumentException("--expires " + text + " is in the past");
            }
            return date;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--expires '" + text + "' is neither a duration (12h, 90d) nor a date "
                    + "(2027-06-30)");
        }
    }
}
