package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The three places a signature policy is enforced, asserted together: {@code berth pull}, {@code FROM}, the registry.
 */
final class EnforcementPoints {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private EnforcementPoints() {
    }

    /**
     * Asserts that {@code berth pull} and {@code FROM} under the client's policy refuse the image, and, when the
     * registry enforces the same policy, that its {@code GET} does, each naming the reason.
     */
    static void refusedEverywhere(Path work, String address, String repository, String reason, Path clientPolicy,
                                  boolean registryToo) throws Exception {
        String image = address + "/" + repository + ":1";
        String name = repository.replace('/', '-');
        Tool.Result pulled = Tool.exec(BerthCommand.command("pull", "--data", work.resolve("pull-" + name)
                .toString(), "--signature-policy", clientPolicy.toString(), image), Map.of(), "");
        assertEquals(1, pulled.exit(), repository + ": " + pulled.output());
        assertTrue(pulled.output().contains(reason), repository + " pull: " + pulled.output());

        Path context = Files.createDirectories(work.resolve("context-" + name));
        Files.writeString(context.resolve("Dockerfile"), "FROM " + image + "\n");
        Tool.Result built = Tool.exec(BerthCommand.command("build", "--no-daemon", "--data", work.resolve("build-"
                + name).toString(), "-q", "--signature-policy", clientPolicy.toString(), "--output",
                "type=oci,dest=" + context.resolve("out"), context.toString()), Map.of(), "");
        assertEquals(1, built.exit(), repository + ": " + built.output());
        assertTrue(built.output().contains(reason), repository + " FROM: " + built.output());

        if (registryToo) {
            HttpResponse<String> denied = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + address + "/v2/"
                    + repository + "/manifests/1")).header("Accept", "application/vnd.oci.image.manifest.v1+json, "
                    + "application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.v2+json")
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, denied.statusCode(), repository + ": " + denied.body());
            assertTrue(denied.body().contains(reason.replace("\"", "\\\"")), repository + " registry: "
                    + denied.body());
        }
    }
}
