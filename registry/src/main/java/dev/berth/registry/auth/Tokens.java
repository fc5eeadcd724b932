package dev.berth.registry.auth;

import dev.berth.registry.auth.token.TokenVerifier;

/**
 * The token flow: clients are challenged to fetch a token from {@code /token} and then present it as
 * {@code Authorization: Bearer …}.
 *
 * @param issuer   issues tokens at the endpoint
 * @param verifier checks the tokens presented
 * @param service  this registry's name in challenges and token audiences
 */
public record Tokens(TokenIssuer issuer, TokenVerifier verifier, String service) {
}
