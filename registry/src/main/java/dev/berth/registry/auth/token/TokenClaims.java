package dev.berth.registry.auth.token;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What a registry token says, in the JWT claim names of the distribution spec's token format.
 *
 * @param issuer    {@code iss}: who issued it (this registry's token service)
 * @param subject   {@code sub}: whom it was issued to, such as {@code user:alice}
 * @param audience  {@code aud}: the service it is for (this registry)
 * @param issuedAt  {@code iat}, seconds since the epoch
 * @param notBefore {@code nbf}, seconds since the epoch
 * @param expiresAt {@code exp}, seconds since the epoch
 * @param id        {@code jti}: unique per token
 * @param access    what it grants
 * @param credential for a refresh token, a fingerprint of the password it was issued for: changing the password
 *                   ends it
 * @param groups     for an external identity, the groups its provider's claims put it in
 */
public record TokenClaims(@JsonProperty("iss") String issuer,
                          @JsonProperty("sub") String subject,
                          @JsonProperty("aud") String audience,
                          @JsonProperty("iat") Long issuedAt,
                          @JsonProperty("nbf") Long notBefore,
                          @JsonProperty("exp") Long expiresAt,
                          @JsonProperty("jti") String id,
                          @JsonProperty("access") List<ResourceAccess> access,
                          @JsonProperty("cred") @JsonInclude(JsonInclude.Include.NON_NULL) String credential,
                          @JsonProperty("grp") @JsonInclude(JsonInclude.Include.NON_NULL) List<String> groups) {

    public TokenClaims {
        access = access == null ? List.of() : List.copyOf(access);
    }
}
