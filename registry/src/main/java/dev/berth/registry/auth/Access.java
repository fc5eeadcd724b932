package dev.berth.registry.auth;

import dev.berth.registry.auth.federation.Federation;
import dev.berth.registry.auth.token.SigningKeys;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Access control for a registry: who the callers are, what they may do, and the realm named in challenges.
 *
 * @param authenticator checks credentials
 * @param authorizer    decides what each caller may do where
 * @param realm         the name clients show when they ask for a login
 * @param tokens        the token flow, when on: challenges then send clients for a token, and tokens are accepted
 * @param throttle      counts failed logins and refuses more for a while
 */
public record Access(BasicAuthenticator authenticator, Supplier<Authorizer> authorizer, String realm,
                     Optional<Tokens> tokens, LoginThrottle throttle) {

    /** How long a token signing key a registry makes itself signs before it makes the next. */
    public static final Duration KEY_ROTATION = Duration.ofDays(30);

    /**
     * Access for the users of an htpasswd file under access rules, with Docker's token flow, its signing keys kept
     * under {@code keys}. Without rules ({@link Authorizer#everyUserEverything()}) every user may do everything, as
     * with Distribution's htpasswd authentication, and callers without credentials nothing. Tokens of the federated
     * identity providers log in as their identities.
     */
    public static Access forUsers(Supplier<Htpasswd> users, Supplier<Authorizer> rules, Federation federation,
                                  Path keys, Clock clock) throws IOException {
        return forUsers(users, rules, federation, SigningKeys.open(keys, clock, KEY_ROTATION), clock);
    }

    /** As above, with the token signing keys given (one key configured for every node of a cluster). */
    public static Access forUsers(Supplier<Htpasswd> users, Supplier<Authorizer> rules, Federation federation,
                                  SigningKeys keys, Clock clock) {
        return new Access(new BasicAuthenticator(users, federation, clock), rules, "Berth",
                Optional.of(Tokens.of(keys, rules, clock)), LoginThrottle.standard(clock));
    }
}
