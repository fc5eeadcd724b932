package dev.berth.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.oci.manifest.MediaType;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The spec's pull workflow: manifests by tag and digest, blobs, existence checks, ranges, and 404s. */
@ExtendWith(RegistryUnderTest.class)
class PullIT {

    private static TestImage image;

    @BeforeAll
    static void pushImage(RegistryApi api) {
        image = TestImage.pushBlobs(api, RegistryApi.newRepository());
        assertEquals(201, api.pushManifest(image.repository(), "v1", MediaType.OCI_MANIFEST, image.manifest())
                .statusCode());
    }

    @Test
    void api_versionCheck_answers200(RegistryApi api) {
        assertEquals(200, api.get("/v2/").statusCode());
    }

    @Test
    void manifest_pulledByTag_isTheExactBytesPushed(RegistryApi api) {
        HttpResponse<byte[]> response = api.get("/v2/" + image.repository() + "/manifests/v1",
                "Accept", MediaType.OCI_MANIFEST);
        assertEquals(200, response.statusCode());
        assertArrayEquals(image.manifest(), response.body());
        assertEquals(MediaType.OCI_MANIFEST, response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(image.digest().toString(), response.headers().firstValue("Docker-Content-Digest").orElseThrow());
    }

    @Test
    void manifest_pulledByDigest_isTheExactBytesPushed(RegistryApi api) {
        HttpResponse<byte[]> response = api.get("/v2/" + image.repository() + "/manifests/" + image.digest(),
                "Accept", MediaType.OCI_MANIFEST);
        assertEquals(200, response.statusCode());
        assertArrayEquals(image.manifest(), response.body());
    }

    @Test
    void manifest_head_givesDigestAndLengthWithoutBody(RegistryApi api) {
        HttpResponse<byte[]> response = api.head("/v2/" + image.repository() + "/manifests/v1",
                "Accept", MediaType.OCI_MANIFEST);
        assertEquals(200, response.statusCode());
        assertEquals(0, response.body().length);
        assertEquals(Integer.toString(image.manifest().length),
                response.headers().firstValue("Content-Length").orElseThrow());
        assertEquals(image.digest().toString(), response.headers().firstValue("Docker-Content-Digest").orElseThrow());
    }

    @Test
    void manifest_unknownTag_is404(RegistryApi api) {
        assertEquals(404, api.get("/v2/" + image.repository() + "/manifests/nope",
                "Accept", MediaType.OCI_MANIFEST).statusCode());
        assertEquals(404, api.head("/v2/" + image.repository() + "/manifests/nope",
                "Accept", MediaType.OCI_MANIFEST).statusCode());
    }

    @Test
    @DistributionDeviation("answers 404 with a plain-text '404 page not found', not the MANIFEST_UNKNOWN error body")
    void manifest_byAMalformedTag_isUnknown(RegistryApi api) {
        String path = "/v2/" + image.repository() + "/manifests/.INVALID_MANIFEST_NAME";
        HttpResponse<byte[]> response = api.get(path, "Accept", MediaType.OCI_MANIFEST);
        assertEquals(404, response.statusCode(), RegistryApi.text(response));
        assertTrue(RegistryApi.text(response).contains("MANIFEST_UNKNOWN"), RegistryApi.text(response));
        assertEquals(404, api.head(path, "Accept", MediaType.OCI_MANIFEST).statusCode());
    }

    @Test
    void manifest_inUnknownRepository_is404(RegistryApi api) {
        HttpResponse<byte[]> response = api.get("/v2/" + RegistryApi.newRepository() + "/manifests/v1",
                "Accept", MediaType.OCI_MANIFEST);
        assertEquals(404, response.statusCode());
        assertTrue(RegistryApi.text(response).contains("NAME_UNKNOWN")
                || RegistryApi.text(response).contains("MANIFEST_UNKNOWN"), RegistryApi.text(response));
    }

    @Test
    void blob_pulled_isTheBytesPushedWithItsDigest(RegistryApi api) {
        HttpResponse<byte[]> response = api.get("/v2/" + image.repository() + "/blobs/" + image.layer());
        assertEquals(200, response.statusCode());
        assertEquals(image.layer(), dev.berth.oci.digest.Digest.sha256(response.body()));
        assertEquals(image.layer().toString(), response.headers().firstValue("Docker-Content-Digest").orElseThrow());
    }

    @Test
    void blob_head_givesLengthWithoutBody(RegistryApi api) {
        HttpResponse<byte[]> response = api.head("/v2/" + image.repository() + "/blobs/" + image.layer());
        assertEquals(200, response.statusCode());
        assertEquals("2048", response.headers().firstValue("Content-Length").orElseThrow());
        assertEquals(0, response.body().length);
    }

    @Test
    void blob_withRange_returnsThatSlice(RegistryApi api) {
        HttpResponse<byte[]> whole = api.get("/v2/" + image.repository() + "/blobs/" + image.layer());
        HttpResponse<byte[]> part = api.get("/v2/" + image.repository() + "/blobs/" + image.layer(),
                "Range", "bytes=100-199");
        assertEquals(206, part.statusCode());
        assertArrayEquals(Arrays.copyOfRange(whole.body(), 100, 200), part.body());
        assertEquals("bytes 100-199/2048", part.headers().firstValue("Content-Range").orElseThrow());
    }

    @Test
    void blob_withRangeFromOffset_resumesToTheEnd(RegistryApi api) {
        HttpResponse<byte[]> whole = api.get("/v2/" + image.repository() + "/blobs/" + image.layer());
        HttpResponse<byte[]> rest = api.get("/v2/" + image.repository() + "/blobs/" + image.layer(),
                "Range", "bytes=2000-");
        assertEquals(206, rest.statusCode());
        assertArrayEquals(Arrays.copyOfRange(whole.body(), 2000, 2048), rest.body());
    }

    @Test
    @DistributionDeviation("answers a range past the end with 416 but claims the whole blob's Content-Length over a "
            + "short error body, which HTTP clients reject as a broken response")
    void blob_withRangePastTheEnd_is416(RegistryApi api) {
        assertEquals(416, api.get("/v2/" + image.repository() + "/blobs/" + image.layer(),
                "Range", "bytes=5000-6000").statusCode());
    }

    @Test
    void blob_unknown_is404(RegistryApi api) {
        String digest = dev.berth.oci.digest.Digest.sha256(RegistryApi.randomBytes(16)).toString();
        assertEquals(404, api.get("/v2/" + image.repository() + "/blobs/" + digest).statusCode());
        assertEquals(404, api.head("/v2/" + image.repository() + "/blobs/" + digest).statusCode());
    }

    @Test
    void blob_ofAnotherRepository_isNotVisibleHere(RegistryApi api) {
        String other = RegistryApi.newRepository();
        api.pushBlob(other, "x".getBytes());
        assertEquals(404, api.get("/v2/" + other + "/blobs/" + image.layer()).statusCode());
    }

    @Test
    void bigBlob_pulledWholeAndInRanges_isTheBytesPushed(RegistryApi api) {
        byte[] content = RegistryApi.randomBytes(3 * 1024 * 1024 + 17);
        String path = "/v2/" + image.repository() + "/blobs/" + api.pushBlob(image.repository(), content);

        assertArrayEquals(content, api.get(path).body());
        assertArrayEquals(Arrays.copyOfRange(content, 100, 200_001), api.get(path, "Range", "bytes=100-200000").body());
        assertArrayEquals(Arrays.copyOfRange(content, 70_000, content.length),
                api.get(path, "Range", "bytes=70000-").body());
    }

    @Test
    void bigBlob_pulledOnAKeptConnection_isFollowedExactlyByTheNextResponse(RegistryApi api) throws IOException {
        byte[] content = RegistryApi.randomBytes(1024 * 1024);
        String path = "/v2/" + image.repository() + "/blobs/" + api.pushBlob(image.repository(), content);
        String host = "Host: " + api.base().getAuthority() + "\r\n" + api.authorizationLines(image.repository());

        String answer = RawExchange.send(api.base(), "GET " + path + " HTTP/1.1\r\n" + host + "\r\n"
                + "GET /v2/ HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n", new byte[0]);

        int body = answer.indexOf("\r\n\r\n") + 4;
        assertTrue(answer.startsWith("HTTP/1.1 200"), answer.substring(0, Math.min(200, answer.length())));
        assertEquals(new String(content, StandardCharsets.ISO_8859_1),
                answer.substring(body, Math.min(answer.length(), body + content.length)));
        assertTrue(answer.startsWith("HTTP/1.1 200", body + content.length),
                "after the blob: " + answer.substring(body + content.length,
                        Math.min(answer.length(), body + content.length + 200)));
    }
}
