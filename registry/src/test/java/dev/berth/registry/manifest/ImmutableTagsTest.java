package dev.berth.registry.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cache.disk.DiskStorage;
import dev.berth.oci.digest.Digest;
import dev.berth.registry.Registry;
import dev.berth.registry.auth.Access;
import dev.berth.registry.auth.Action;
import dev.berth.registry.auth.ApacheUsers;
import dev.berth.registry.auth.Authorizer;
import dev.berth.registry.auth.BasicAuthenticator;
import dev.berth.registry.auth.Grantee;
import dev.berth.registry.auth.Htpasswd;
import dev.berth.registry.auth.LoginThrottle;
import dev.berth.registry.auth.RepositoryPattern;
import dev.berth.registry.auth.Rule;
import dev.berth.registry.auth.TestClient;
import dev.berth.registry.tag.ImmutableTags;
import dev.berth.registry.tag.TagPattern;
import dev.berth.registry.watch.WatchedFile;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Immutable tags in prod/** (but latest), as ECR's IMMUTABLE_WITH_EXCLUSION: alice may push and delete there, jörg
 * administers everything.
 */
class ImmutableTagsTest {

    private static final String ALICE = TestClient.basic("alice", "correct horse");
    private static final String JOERG = TestClient.basic("jörg", "pässwörd");

    @TempDir
    Path dir;
    private Registry registry;
    private final TestClient client = new TestClient(() -> registry.port());

    @BeforeEach
    void start() throws Exception {
        Authorizer rules = new Authorizer(List.of(
                new Rule(RepositoryPattern.of("prod/**"), Set.of(Action.PULL, Action.PUSH, Action.DELETE),
                        Set.of(new Grantee.Named("user:alice"))),
                new Rule(RepositoryPattern.of("**"), Set.of(Action.ADMIN), Set.of(new Grantee.Named("user:jörg")))));
        Access access = new Access(new BasicAuthenticator(WatchedFile.open(ApacheUsers.copyInto(dir),
                Htpasswd::parse), Clock.systemUTC()), () -> rules, "Berth", Optional.empty(),
                LoginThrottle.standard(Clock.systemUTC()));
        ImmutableTags immutable = new ImmutableTags(List.of(new ImmutableTags.Rule(RepositoryPattern.of("prod/**"),
                List.of(TagPattern.of("latest")))));
        registry = Registry.start("127.0.0.1", 0, DiskStorage.open(dir.resolve("data"), Clock.systemUTC()),
                Clock.systemUTC(), Registry.Options.defaults().withAccess(access).withImmutableTags(immutable));
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private String manifest(String layer) throws Exception {
        byte[] content = layer.getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256(content);
        HttpResponse<String> blob = client.send(HttpRequest.newBuilder(client.url("/v2/prod/app/blobs/uploads/"
                + "?digest=" + digest)).POST(HttpRequest.BodyPublishers.ofByteArray(content)), ALICE);
        assertEquals(201, blob.statusCode(), blob.body());
        String descriptor = "{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + digest
                + "\",\"size\":" + content.length + "}";
        return "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":"
                + descriptor + ",\"layers\":[]}";
    }

    private HttpResponse<String> put(String tag, String manifest) throws Exception {
        return client.send(HttpRequest.newBuilder(client.url("/v2/prod/app/manifests/" + tag))
                .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofString(manifest)), ALICE);
    }

    private HttpResponse<String> delete(String reference, String authorization) throws Exception {
        return client.send(HttpRequest.newBuilder(client.url("/v2/prod/app/manifests/" + reference)).DELETE(),
                authorization);
    }

    @Test
    void anImmutableTag_takesTheSameManifestAgain_butNoOther() throws Exception {
        String first = manifest("{\"one\":1}");
        assertEquals(201, put("v1", first).statusCode());
        assertEquals(201, put("v1", first).statusCode(), "pushing the same image again is fine");
        HttpResponse<String> moved = put("v1", manifest("{\"two\":2}"));
        assertEquals(400, moved.statusCode());
        assertTrue(moved.body().contains("TAG_INVALID"), moved.body());
        assertTrue(moved.body().contains("tag v1 of prod/app is immutable and points at sha256:"), moved.body());
        assertEquals(Digest.sha256(first.getBytes(StandardCharsets.UTF_8)).toString(), client.get(
                "/v2/prod/app/manifests/v1", ALICE).headers().firstValue("Docker-Content-Digest").orElseThrow());
    }

    @Test
    void anExcludedTag_andSignatureTags_move() throws Exception {
        assertEquals(201, put("latest", manifest("{\"one\":1}")).statusCode());
        assertEquals(201, put("latest", manifest("{\"two\":2}")).statusCode());
        String signatureTag = "sha256-" + "a".repeat(64) + ".sig";
        assertEquals(201, put(signatureTag, manifest("{\"signature\":1}")).statusCode());
        assertEquals(201, put(signatureTag, manifest("{\"signatures\":2}")).statusCode(),
                "signing again appends to cosign's signature tag");
    }

    @Test
    void deletingAnImmutableTag_orItsManifest_isForAdministrators() throws Exception {
        String image = manifest("{\"one\":1}");
        assertEquals(201, put("v1", image).statusCode());
        Digest digest = Digest.sha256(image.getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> byTag = delete("v1", ALICE);
        assertEquals(403, byTag.statusCode());
        assertTrue(byTag.body().contains("only an administrator of prod/app may delete it"), byTag.body());
        assertEquals(403, delete(digest.toString(), ALICE).statusCode());
        assertEquals(202, delete("v1", JOERG).statusCode(), "an administrator may");
        assertEquals(202, delete(digest.toString(), ALICE).statusCode(), "no immutable tag points at it any more");
    }
}
