package dev.berth.registry.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cache.disk.DiskStorage;
import dev.berth.registry.Registry;
import dev.berth.registry.auth.TestClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lifecycle policies through the registry's administration API. */
class LifecycleServiceTest {

    private static final String POLICY = "{\"rules\":[{\"rulePriority\":1,\"description\":\"keep ten\","
            + "\"selection\":{\"tagStatus\":\"any\",\"countType\":\"imageCountMoreThan\",\"countNumber\":10},"
            + "\"action\":{\"type\":\"expire\"}}]}";

    @TempDir
    Path dir;
    private Registry registry;
    private final TestClient client = new TestClient(() -> registry.port());

    @BeforeEach
    void start() throws Exception {
        registry = Registry.start("127.0.0.1", 0, DiskStorage.open(dir, Clock.systemUTC()), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(client.url(path)).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)), null);
    }

    @Test
    void aPolicyIsSet_listed_previewed_run_andRemoved() throws Exception {
        HttpResponse<String> put = send("PUT", "/v2/_berth/lifecycle?repositories=team/**", POLICY);
        assertEquals(201, put.statusCode(), put.body());
        HttpResponse<String> list = send("GET", "/v2/_berth/lifecycle", null);
        assertTrue(list.body().contains("\"repositories\":\"team/**\",\"source\":\"api\",\"policy\":{\"rules\""),
                list.body());
        HttpResponse<String> preview = send("POST", "/v2/_berth/lifecycle/preview?repository=team/app", null);
        assertEquals(200, preview.statusCode(), preview.body());
        assertTrue(preview.body().contains("\"dryRun\":true,\"expired\":[]"), preview.body());
        HttpResponse<String> run = send("POST", "/v2/_berth/lifecycle/run", null);
        assertTrue(run.body().contains("\"dryRun\":false"), run.body());
        assertEquals(202, send("DELETE", "/v2/_berth/lifecycle?repositories=team/**", null).statusCode());
        assertEquals(404, send("DELETE", "/v2/_berth/lifecycle?repositories=team/**", null).statusCode());
    }

    @Test
    void anInvalidPolicy_isRefusedWithWhatIsWrong_andNothingIsSet() throws Exception {
        HttpResponse<String> put = send("PUT", "/v2/_berth/lifecycle?repositories=team/**",
                POLICY.replace("\"expire\"", "\"archive\""));
        assertEquals(400, put.statusCode());
        assertTrue(put.body().contains("invalid lifecycle policy: rule 1: action.type must be"), put.body());
        assertEquals(400, send("PUT", "/v2/_berth/lifecycle", POLICY).statusCode(), "no pattern");
        assertTrue(send("GET", "/v2/_berth/lifecycle", null).body().contains("\"policies\":[]"));
    }
}
