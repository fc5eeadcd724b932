package dev.berth.registry.auth;

import java.util.Optional;

/**
 * Access control for a registry: who the callers are, what they may do, and the realm named in challenges.
 *
 * @param authenticator checks credentials
 * @param authorizer    decides what each caller may do where
 * @param realm         the name clients show when they ask for a login
 * @param tokens        the token flow, when on: challenges then send clients for a token, and tokens are accepted
 */
public record Access(BasicAuthenticator authenticator, Authorizer authorizer, String realm, Optional<Tokens> tokens) {
}
