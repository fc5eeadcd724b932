package dev.berth.registry.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The token endpoint that {@code WWW-Authenticate: Bearer realm=…} names: {@code GET /token?service=…&scope=…} with
 * Basic credentials (or none, for what anonymous callers may do) answers a token for the scopes the caller may use.
 * The access filter has already checked the credentials and left the caller in the request's context.
 */
public final class TokenService implements HttpService {

    private final TokenIssuer issuer;
    private final ObjectMapper json;

    public TokenService(TokenIssuer issuer, ObjectMapper json) {
        this.issuer = issuer;
        this.json = json;
    }

    /** The answer, with the token under both names clients read. */
    record Answer(String token, @JsonProperty("access_token") String accessToken,
                  @JsonProperty("expires_in") long expiresIn, @JsonProperty("issued_at") String issuedAt) {
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/token", this::issue);
    }

    private void issue(ServerRequest request, ServerResponse response) throws IOException {
        List<Scope> scopes = new ArrayList<>();
        for (String scope : request.query().all("scope", List::of)) {
            scopes.addAll(Scope.parseAll(scope));
        }
        TokenIssuer.Issued issued = issuer.issue(AccessFilter.caller(request), scopes);
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.header("Cache-Control", "no-store");
        response.send(json.writeValueAsBytes(new Answer(issued.token(), issued.token(), issued.expiresIn(),
                issued.issuedAt().toString())));
    }
}
