package dev.berth.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.manifest.MediaType;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The spec's push workflow: every way to upload a blob, mounts, manifests, and what must be refused. */
@ExtendWith(RegistryUnderTest.class)
class PushIT {

    private final String repository = RegistryApi.newRepository();

    @Test
    void blob_postThenPut_isStoredAndPullable(RegistryApi api) {
        byte[] content = RegistryApi.randomBytes(5000);
        Digest digest = api.pushBlob(repository, content);
        assertArrayEquals(content, api.get("/v2/" + repository + "/blobs/" + digest).body());
    }

    @Test
    void blob_singlePost_isStoredWith201(RegistryApi api) {
        byte[] content = RegistryApi.randomBytes(3000);
        Digest digest = Digest.sha256(content);
        HttpResponse<byte[]> response = api.post("/v2/" + repository + "/blobs/uploads/?digest=" + digest, content,
                "Content-Type", "application/octet-stream");
        assertTrue(response.statusCode() == 201 || response.statusCode() == 202, RegistryApi.text(response));
        if (response.statusCode() == 202) {
            api.put(RegistryApi.withQuery(api.location(response), "digest=" + digest), content);
        }
        assertArrayEquals(content, api.get("/v2/" + repository + "/blobs/" + digest).body());
    }

    @Test
    void blob_inChunks_isAssembledInOrder(RegistryApi api) {
        byte[] content = RegistryApi.randomBytes(10_000);
        String location = api.startUpload(repository);
        HttpResponse<byte[]> first = api.patch(location, Arrays.copyOfRange(content, 0, 4000),
                "Content-Type", "application/octet-stream", "Content-Range", "0-3999");
        assertEquals(202, first.statusCode(), RegistryApi.text(first));
        assertEquals("0-3999", first.headers().firstValue("Range").orElseThrow());
        HttpResponse<byte[]> second = api.patch(api.location(first), Arrays.copyOfRange(content, 4000, 8000),
                "Content-Type", "application/octet-stream", "Content-Range", "4000-7999");
        assertEquals(202, second.statusCode(), RegistryApi.text(second));
        Digest digest = Digest.sha256(content);
        HttpResponse<byte[]> done = api.put(RegistryApi.withQuery(api.location(second), "digest=" + digest),
                Arrays.copyOfRange(content, 8000, 10_000),
                "Content-Type", "application/octet-stream", "Content-Range", "8000-9999");
        assertEquals(201, done.statusCode(), RegistryApi.text(done));
        assertTrue(done.headers().firstValue("Location").isPresent());
        assertArrayEquals(content, api.get("/v2/" + repository + "/blobs/" + digest).body());
    }

    @Test
    @DistributionDeviation("accepts a chunk whose Content-Range skips past the upload's offset")
    void chunk_outOfOrder_is416AndTheUploadContinues(RegistryApi api) {
        byte[] content = RegistryApi.randomBytes(2000);
        String location = api.startUpload(repository);
        HttpResponse<byte[]> first = api.patch(location, Arrays.copyOfRange(content, 0, 1000),
                "Content-Type", "application/octet-stream", "Content-Range", "0-999");
        assertEquals(202, first.statusCode());
        HttpResponse<byte[]> skipped = api.patch(api.location(first), Arrays.copyOfRange(content, 1000, 1500),
                "Content-Type", "application/octet-stream", "Content-Range", "1500-1999");
        assertEquals(416, skipped.statusCode(), RegistryApi.text(skipped));
        HttpResponse<byte[]> status = api.get(api.location(first));
        assertEquals(204, status.statusCode());
        assertEquals("0-999", status.headers().firstValue("Range").orElseThrow());
        Digest digest = Digest.sha256(content);
        HttpResponse<byte[]> done = api.put(RegistryApi.withQuery(api.location(status), "digest=" + digest),
                Arrays.copyOfRange(content, 1000, 2000),
                "Content-Type", "application/octet-stream", "Content-Range", "1000-1999");
        assertEquals(201, done.statusCode(), RegistryApi.text(done));
        assertArrayEquals(content, api.get("/v2/" + repository + "/blobs/" + digest).body());
    }

    @Test
    @DistributionDeviation("accepts a chunk whose Content-Range repeats bytes already received")
    void chunk_overlappingWhatWasReceived_is416(RegistryApi api) {
        String location = api.startUpload(repository);
        HttpResponse<byte[]> first = api.patch(location, new byte[100],
                "Content-Type", "application/octet-stream", "Content-Range", "0-99");
        assertEquals(202, first.statusCode());
        HttpResponse<byte[]> again = api.patch(api.location(first), new byte[100],
                "Content-Type", "application/octet-stream", "Content-Range", "0-99");
        assertEquals(416, again.statusCode(), RegistryApi.text(again));
    }

    @Test
    void upload_status_reportsTheOffset(RegistryApi api) {
        String location = api.startUpload(repository);
        HttpResponse<byte[]> status = api.get(location);
        assertEquals(204, status.statusCode());
        assertTrue(status.headers().firstValue("Location").isPresent());
        assertEquals("0-0", status.headers().firstValue("Range").orElseThrow());
    }

    @Test
    void blob_withWrongDigest_isRejectedAndNotStored(RegistryApi api) {
        byte[] content = RegistryApi.randomBytes(1000);
        Digest claimed = Digest.sha256("something else".getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> response = api.put(RegistryApi.withQuery(api.startUpload(repository), "digest=" + claimed),
                content, "Content-Type", "application/octet-stream");
        assertEquals(400, response.statusCode());
        assertTrue(RegistryApi.text(response).contains("DIGEST_INVALID"), RegistryApi.text(response));
        assertEquals(404, api.head("/v2/" + repository + "/blobs/" + claimed).statusCode());
        assertEquals(404, api.head("/v2/" + repository + "/blobs/" + Digest.sha256(content)).statusCode());
    }

    @Test
    void upload_unknown_is404(RegistryApi api) {
        assertEquals(404, patchUnknownUpload(api).statusCode());
    }

    @Test
    @DistributionDeviation("answers an unknown upload with BLOB_UPLOAD_INVALID, as it expects its own signed _state "
            + "query parameter")
    void upload_unknown_isNamedBlobUploadUnknown(RegistryApi api) {
        HttpResponse<byte[]> response = patchUnknownUpload(api);
        assertTrue(RegistryApi.text(response).contains("BLOB_UPLOAD_UNKNOWN"), RegistryApi.text(response));
    }

    /** Sends a request whose answer does not matter, only its effect; a broken response is no failure here. */
    private static void attempt(Runnable request) {
        try {
            request.run();
        } catch (java.io.UncheckedIOException brokenResponse) {
            // Only what stays stored is under test.
        }
    }

    private HttpResponse<byte[]> patchUnknownUpload(RegistryApi api) {
        return api.patch("/v2/" + repository + "/blobs/uploads/" + java.util.UUID.randomUUID(), new byte[10],
                "Content-Type", "application/octet-stream");
    }

    @Test
    void blob_mountedFromAnotherRepository_isThereWithoutUpload(RegistryApi api) {
        byte[] content = RegistryApi.randomBytes(1234);
        Digest digest = api.pushBlob(repository, content);
        String target = RegistryApi.newRepository();
        HttpResponse<byte[]> response = api.post("/v2/" + target + "/blobs/uploads/?mount=" + digest + "&from="
                + repository, new byte[0]);
        assertEquals(201, response.statusCode(), RegistryApi.text(response));
        assertEquals("/v2/" + target + "/blobs/" + digest,
                java.net.URI.create(api.location(response)).getPath());
        assertArrayEquals(content, api.get("/v2/" + target + "/blobs/" + digest).body());
    }

    @Test
    @DistributionDeviation("it mounts only with from=, where the spec also allows mounting a blob it stores")
    void mount_withoutFrom_ofAStoredBlob_mountsIt(RegistryApi api) {
        byte[] content = RegistryApi.randomBytes(777);
        Digest digest = api.pushBlob(repository, content);
        String target = RegistryApi.newRepository();
        HttpResponse<byte[]> response = api.post("/v2/" + target + "/blobs/uploads/?mount=" + digest, new byte[0]);
        assertEquals(201, response.statusCode(), RegistryApi.text(response));
        assertArrayEquals(content, api.get("/v2/" + target + "/blobs/" + digest).body());
    }

    @Test
    void mount_ofUnknownBlob_startsAnUploadInstead(RegistryApi api) {
        Digest unknown = Digest.sha256(RegistryApi.randomBytes(8));
        HttpResponse<byte[]> response = api.post("/v2/" + repository + "/blobs/uploads/?mount=" + unknown + "&from="
                + RegistryApi.newRepository(), new byte[0]);
        assertEquals(202, response.statusCode(), RegistryApi.text(response));
        assertTrue(response.headers().firstValue("Location").isPresent());
    }

    @Test
    void manifest_pushedByTag_answers201WithDigest(RegistryApi api) {
        TestImage image = TestImage.pushBlobs(api, repository);
        HttpResponse<byte[]> response = api.pushManifest(repository, "latest", MediaType.OCI_MANIFEST,
                image.manifest());
        assertEquals(201, response.statusCode(), RegistryApi.text(response));
        assertEquals(image.digest().toString(), response.headers().firstValue("Docker-Content-Digest").orElseThrow());
        assertTrue(response.headers().firstValue("Location").isPresent());
    }

    @Test
    void manifest_pushedByDigest_isPullableByThatDigest(RegistryApi api) {
        TestImage image = TestImage.pushBlobs(api, repository);
        assertEquals(201, api.pushManifest(repository, image.digest().toString(), MediaType.OCI_MANIFEST,
                image.manifest()).statusCode());
        assertArrayEquals(image.manifest(), api.get("/v2/" + repository + "/manifests/" + image.digest(),
                "Accept", MediaType.OCI_MANIFEST).body());
    }

    @Test
    void manifest_pushedUnderTheWrongDigest_isRejectedAndNotStored(RegistryApi api) {
        TestImage image = TestImage.pushBlobs(api, repository);
        Digest wrong = Digest.sha256("not this".getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> response = api.pushManifest(repository, wrong.toString(), MediaType.OCI_MANIFEST,
                image.manifest());
        assertEquals(400, response.statusCode(), RegistryApi.text(response));
        assertTrue(RegistryApi.text(response).contains("DIGEST_INVALID"), RegistryApi.text(response));
        assertEquals(404, api.get("/v2/" + repository + "/manifests/" + image.digest(), "Accept",
                MediaType.OCI_MANIFEST).statusCode(), "nothing of a refused manifest is stored");
    }

    @Test
    void manifest_withMissingBlob_isRejectedAsBlobUnknown(RegistryApi api) {
        Digest config = api.pushBlob(repository, "{}".getBytes(StandardCharsets.UTF_8));
        Digest missing = Digest.sha256(RegistryApi.randomBytes(32));
        byte[] manifest = TestImage.manifestJson(config, 2, missing, 32, null).getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> response = api.pushManifest(repository, "broken", MediaType.OCI_MANIFEST, manifest);
        assertEquals(400, response.statusCode(), RegistryApi.text(response));
        assertTrue(RegistryApi.text(response).contains("MANIFEST_BLOB_UNKNOWN"), RegistryApi.text(response));
        assertEquals(404, api.get("/v2/" + repository + "/manifests/broken", "Accept", MediaType.OCI_MANIFEST)
                .statusCode());
    }

    @Test
    void manifest_notJson_isRejectedAsInvalid(RegistryApi api) {
        HttpResponse<byte[]> response = api.pushManifest(repository, "bad", MediaType.OCI_MANIFEST,
                "{not json".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, response.statusCode());
        assertTrue(RegistryApi.text(response).contains("MANIFEST_INVALID"), RegistryApi.text(response));
    }

    @Test
    void manifest_index_ofPushedManifests_isAccepted(RegistryApi api) {
        TestImage image = TestImage.pushBlobs(api, repository);
        api.pushManifest(repository, image.digest().toString(), MediaType.OCI_MANIFEST, image.manifest());
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_INDEX + "\",\"manifests\":[{"
                + "\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"digest\":\"" + image.digest() + "\",\"size\":"
                + image.manifest().length + ",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}]}")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> response = api.pushManifest(repository, "multi", MediaType.OCI_INDEX, index);
        assertEquals(201, response.statusCode(), RegistryApi.text(response));
        HttpResponse<byte[]> pulled = api.get("/v2/" + repository + "/manifests/multi", "Accept", MediaType.OCI_INDEX);
        assertEquals(MediaType.OCI_INDEX, pulled.headers().firstValue("Content-Type").orElseThrow());
        assertArrayEquals(index, pulled.body());
    }

    @Test
    void index_withMissingChildManifest_isRejectedAsBlobUnknown(RegistryApi api) {
        Digest missing = Digest.sha256(RegistryApi.randomBytes(16));
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_INDEX + "\",\"manifests\":[{"
                + "\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"digest\":\"" + missing + "\",\"size\":10}]}")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> response = api.pushManifest(repository, "dangling", MediaType.OCI_INDEX, index);
        assertEquals(400, response.statusCode(), RegistryApi.text(response));
        assertTrue(RegistryApi.text(response).contains("MANIFEST_BLOB_UNKNOWN"), RegistryApi.text(response));
    }

    @Test
    void manifest_whoseMediaTypeDisagreesWithContentType_isRejected(RegistryApi api) {
        TestImage image = TestImage.pushBlobs(api, repository);
        HttpResponse<byte[]> response = api.pushManifest(repository, "mismatch", MediaType.DOCKER_MANIFEST,
                image.manifest());
        assertEquals(400, response.statusCode(), RegistryApi.text(response));
        assertTrue(RegistryApi.text(response).contains("MANIFEST_INVALID"), RegistryApi.text(response));
    }

    @Test
    @DistributionDeviation("refuses a manifest over its 4 MiB limit with 400 MANIFEST_INVALID rather than the 413 "
            + "the spec recommends")
    void manifest_over4MiB_isRefusedWith413(RegistryApi api) {
        TestImage image = TestImage.pushBlobs(api, repository);
        String padding = "x".repeat(4 * 1024 * 1024);
        byte[] huge = TestImage.manifestJson(image.config(), 0, image.layer(), 2048,
                "\"annotations\":{\"padding\":\"" + padding + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> response = api.pushManifest(repository, "huge", MediaType.OCI_MANIFEST, huge);
        assertEquals(413, response.statusCode(), RegistryApi.text(response));
    }

    @Test
    @DistributionDeviation("answers a tag outside the grammar with a plain 404 page not found, without the "
            + "TAG_INVALID code")
    void manifest_underAnInvalidTag_isRejected(RegistryApi api) {
        TestImage image = TestImage.pushBlobs(api, repository);
        HttpResponse<byte[]> response = api.pushManifest(repository, "-leading-dash", MediaType.OCI_MANIFEST,
                image.manifest());
        assertEquals(400, response.statusCode(), RegistryApi.text(response));
        assertTrue(RegistryApi.text(response).contains("TAG_INVALID"), RegistryApi.text(response));
    }

    @Test
    void malformedRequests_leaveStoredContentIntact(RegistryApi api) {
        TestImage image = TestImage.pushBlobs(api, repository);
        api.pushManifest(repository, "kept", MediaType.OCI_MANIFEST, image.manifest());
        String blobs = "/v2/" + repository + "/blobs/";
        attempt(() -> api.put(RegistryApi.withQuery(api.startUpload(repository), "digest=" + image.layer()),
                new byte[] {1, 2, 3}));
        attempt(() -> api.put(RegistryApi.withQuery(api.startUpload(repository), "digest=sha256:short"),
                new byte[] {1}));
        attempt(() -> api.patch(api.startUpload(repository), new byte[10],
                "Content-Range", "99999999999999999999-1"));
        attempt(() -> api.get(blobs + image.layer(), "Range", "bytes=-"));
        attempt(() -> api.get(blobs + "sha256:" + "z".repeat(64)));
        attempt(() -> api.pushManifest(repository, "kept", MediaType.OCI_MANIFEST,
                "[]".getBytes(StandardCharsets.UTF_8)));
        attempt(() -> api.pushManifest(repository, "kept", "text/plain", image.manifest()));
        attempt(() -> api.post("/v2/" + repository + "/blobs/uploads/?mount=" + image.layer() + "&from=../../etc",
                new byte[0]));
        assertArrayEquals(image.manifest(), api.get("/v2/" + repository + "/manifests/kept",
                "Accept", MediaType.OCI_MANIFEST).body());
        assertEquals(image.layer(), Digest.sha256(api.get(blobs + image.layer()).body()));
        assertEquals(200, api.get("/v2/").statusCode());
    }

    @Test
    void repository_nameWithEncodedTraversal_isRefusedAndStoresNothing(RegistryApi api) {
        HttpResponse<byte[]> response = api.post("/v2/a/%2e%2e/%2e%2e/escape/blobs/uploads/", new byte[0]);
        assertTrue(response.statusCode() >= 300, RegistryApi.text(response));
        HttpResponse<byte[]> catalog = api.get("/v2/_catalog?n=1000");
        assertTrue(!new String(catalog.body(), StandardCharsets.UTF_8).contains("escape"),
                RegistryApi.text(catalog));
    }

    @Test
    @DistributionDeviation("answers a name outside the grammar with a plain 404 page not found, without the "
            + "NAME_INVALID code")
    void repository_withInvalidName_isRejected(RegistryApi api) {
        HttpResponse<byte[]> response = api.post("/v2/Upper/Case/blobs/uploads/", new byte[0]);
        assertEquals(400, response.statusCode(), RegistryApi.text(response));
        assertTrue(RegistryApi.text(response).contains("NAME_INVALID"), RegistryApi.text(response));
    }
}
