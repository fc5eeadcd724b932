package dev.berth.registry.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.berth.oci.error.ErrorCode;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.registry.auth.RepositoryPattern;
import dev.berth.registry.http.RegistryException;
import dev.berth.registry.http.Requests;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Lifecycle policies through the API, for administrators, with ECR's documents as bodies:
 * {@code GET /v2/_berth/lifecycle} lists the policies and the repositories they cover;
 * {@code PUT} and {@code DELETE /v2/_berth/lifecycle?repositories=PATTERN} set and remove one;
 * {@code POST /v2/_berth/lifecycle/preview?repository=NAME} says what a policy (the body, else the one that applies)
 * would expire from a repository now; {@code POST /v2/_berth/lifecycle/run[?dry-run=true]} applies them all now.
 */
public final class LifecycleService implements HttpService {

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private static final int MAX_POLICY_BYTES = 30 * 1024;   // ECR's limit on a policy's text

    private final Lifecycle lifecycle;
    private final LifecyclePolicyParser parser = new LifecyclePolicyParser();

    public LifecycleService(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/v2/_berth/lifecycle", this::list)
                .put("/v2/_berth/lifecycle", this::put)
                .delete("/v2/_berth/lifecycle", this::remove)
                .post("/v2/_berth/lifecycle/preview", this::preview)
                .post("/v2/_berth/lifecycle/run", this::run);
    }

    private void list(ServerRequest request, ServerResponse response) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode policies = body.putArray("policies");
        for (LifecyclePolicies.Assigned assigned : lifecycle.policies().all()) {
            policies.add(describe(assigned));
        }
        send(response, body);
    }

    private void put(ServerRequest request, ServerResponse response) throws RegistryException, IOException {
        RepositoryPattern repositories = pattern(request);
        try {
            LifecyclePolicies.Assigned assigned = lifecycle.policies().put(repositories, body(request));
            response.status(Status.CREATED_201);
            send(response, describe(assigned));
        } catch (InvalidPolicyException e) {
            throw invalid(e);
        }
    }

    private void remove(ServerRequest request, ServerResponse response) throws RegistryException, IOException {
        RepositoryPattern repositories = pattern(request);
        if (!lifecycle.policies().remove(repositories)) {
            throw new RegistryException(ErrorCode.UNSUPPORTED, 404, "no lifecycle policy was set through the API "
                    + "for " + repositories.glob() + " (policies of the config file are changed there)", null);
        }
        response.status(Status.ACCEPTED_202).send();
    }

    private void preview(ServerRequest request, ServerResponse response) throws RegistryException, IOException {
        String name = Requests.query(request, "repository").orElseThrow(() -> new RegistryException(
                ErrorCode.NAME_INVALID, 400, "say which repository to preview: ?repository=NAME", null));
        if (!RepositoryName.isValid(name)) {
            throw RegistryException.of(ErrorCode.NAME_INVALID, "'" + name + "' is not a repository name");
        }
        byte[] document = body(request);
        Optional<LifecyclePolicy> policy;
        try {
            policy = document.length == 0 ? Optional.empty() : Optional.of(parser.parse(document));
        } catch (InvalidPolicyException e) {
            throw invalid(e);
        }
        send(response, lifecycle.preview(RepositoryName.of(name), policy));
    }

    private void run(ServerRequest request, ServerResponse response) throws IOException {
        send(response, lifecycle.run(Requests.query(request, "dry-run").filter("true"::equals).isPresent()));
    }

    private static ObjectNode describe(LifecyclePolicies.Assigned assigned) {
        ObjectNode policy = JSON.createObjectNode();
        policy.put("repositories", assigned.repositories().glob());
        policy.put("source", assigned.source().name().toLowerCase(java.util.Locale.ROOT));
        policy.set("policy", assigned.document());
        return policy;
    }

    private static RepositoryPattern pattern(ServerRequest request) throws RegistryException {
        String glob = Requests.query(request, "repositories").orElseThrow(() -> new RegistryException(
                ErrorCode.NAME_INVALID, 400, "say which repositories the policy is for: ?repositories=team/**",
                null));
        try {
            return RepositoryPattern.of(glob);
        } catch (IllegalArgumentException e) {
            throw RegistryException.of(ErrorCode.NAME_INVALID, e.getMessage());
        }
    }

    private static byte[] body(ServerRequest request) throws RegistryException, IOException {
        try (InputStream in = request.content().inputStream()) {
            byte[] body = in.readNBytes(MAX_POLICY_BYTES + 1);
            if (body.length > MAX_POLICY_BYTES) {
                throw new RegistryException(ErrorCode.UNSUPPORTED, 413, "a lifecycle policy is at most "
                        + MAX_POLICY_BYTES + " bytes, as in ECR", null);
            }
            return body;
        }
    }

    private static RegistryException invalid(InvalidPolicyException e) {
        return new RegistryException(ErrorCode.UNSUPPORTED, 400, "invalid lifecycle policy: " + e.getMessage(),
                null);
    }

    private static void send(ServerResponse response, Object body) throws IOException {
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.send(JSON.writeValueAsBytes(body));
    }
}
