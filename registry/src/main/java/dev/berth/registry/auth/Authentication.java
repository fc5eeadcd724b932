package dev.berth.registry.auth;

import dev.berth.oci.reference.RepositoryName;
import dev.berth.registry.auth.token.ResourceAccess;
import dev.berth.registry.auth.token.TokenClaims;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The outcome of checking a request's credentials. */
public sealed interface Authentication {

    /** The request carried no credentials. */
    record None() implements Authentication {
    }

    /**
     * The credentials were good: this is the caller. A token limits what they may do to what it grants; a
     * password does not.
     */
    record Succeeded(Principal principal, String identity, Optional<List<ResourceAccess>> limitedTo,
                     Optional<Instant> tokenIssuedAt) implements Authentication {

        Succeeded(Principal principal) {
            this(principal, principal.identity(), Optional.empty(), Optional.empty());
        }

        /** A caller with a token, which grants what it lists and was issued then. */
        static Succeeded withToken(Principal principal, TokenClaims claims) {
            return new Succeeded(principal, principal.identity(), Optional.of(claims.access()),
                    Optional.of(Instant.ofEpochSecond(claims.issuedAt())));
        }

        /** Whether the credentials allow the action (within what the caller may do, decided elsewhere). */
        boolean allows(RepositoryName repository, Action action) {
            if (limitedTo.isEmpty()) {
                return true;
            }
            for (ResourceAccess access : limitedTo.get()) {
                if (access.type().equals("repository") && access.name().equals(repository.value())
                        && (access.actions().contains(action.scopeName()) || access.actions().contains("*"))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Credentials were given but are wrong or malformed; the reason is for the log, never for the client. */
    record Failed(String reason) implements Authentication {
    }

    /** Too many logins failed lately from this address or for this account; none is checked until then. */
    record Throttled(Duration retryAfter) implements Authentication {
    }
}
