package dev.berth.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.manifest.MediaType;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The referrers API of distribution-spec 1.1: subjects, listing, filtering. */
@ExtendWith(RegistryUnderTest.class)
@DistributionDeviation("Distribution 2.8 predates distribution-spec 1.1 and has no referrers API")
class ReferrersIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SBOM = "application/vnd.example.sbom.v1";
    private static final String SIGNATURE = "application/vnd.example.signature.v1";

    private final String repository = RegistryApi.newRepository();

    @Test
    void manifest_withSubject_isAnsweredWithOciSubject(RegistryApi api) {
        TestImage image = pushImage(api);
        HttpResponse<byte[]> response = pushArtifact(api, image.digest(), SBOM, "a");
        assertEquals(201, response.statusCode(), RegistryApi.text(response));
        assertEquals(image.digest().toString(), response.headers().firstValue("OCI-Subject").orElseThrow());
    }

    @Test
    void referrers_listEveryArtifactWithItsTypeAndAnnotations(RegistryApi api) throws IOException {
        TestImage image = pushImage(api);
        pushArtifact(api, image.digest(), SBOM, "a");
        pushArtifact(api, image.digest(), SIGNATURE, "b");
        HttpResponse<byte[]> response = api.get("/v2/" + repository + "/referrers/" + image.digest());
        assertEquals(200, response.statusCode());
        assertEquals(MediaType.OCI_INDEX, response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode manifests = JSON.readTree(response.body()).get("manifests");
        assertEquals(2, manifests.size());
        assertEquals(SBOM, manifests.get(0).get("artifactType").asText());
        assertEquals("a", manifests.get(0).get("annotations").get("org.example.note").asText());
    }

    @Test
    void referrers_filteredByArtifactType_sayTheFilterWasApplied(RegistryApi api) throws IOException {
        TestImage image = pushImage(api);
        pushArtifact(api, image.digest(), SBOM, "a");
        pushArtifact(api, image.digest(), SIGNATURE, "b");
        HttpResponse<byte[]> response = api.get("/v2/" + repository + "/referrers/" + image.digest()
                + "?artifactType=" + SIGNATURE);
        assertEquals("artifactType", response.headers().firstValue("OCI-Filters-Applied").orElseThrow());
        JsonNode manifests = JSON.readTree(response.body()).get("manifests");
        assertEquals(1, manifests.size());
        assertEquals(SIGNATURE, manifests.get(0).get("artifactType").asText());
    }

    @Test
    void referrers_ofASubjectNotYetPushed_areListed(RegistryApi api) throws IOException {
        Digest absent = Digest.sha256(RegistryApi.randomBytes(8));
        assertEquals(201, pushArtifact(api, absent, SBOM, "early").statusCode());
        JsonNode manifests = JSON.readTree(api.get("/v2/" + repository + "/referrers/" + absent).body())
                .get("manifests");
        assertEquals(1, manifests.size());
    }

    @Test
    void referrers_ofNothing_isAnEmptyIndex(RegistryApi api) throws IOException {
        pushImage(api);
        HttpResponse<byte[]> response = api.get("/v2/" + repository + "/referrers/"
                + Digest.sha256(RegistryApi.randomBytes(8)));
        assertEquals(200, response.statusCode());
        assertEquals(0, JSON.readTree(response.body()).get("manifests").size());
    }

    @Test
    void referrers_withInvalidDigest_is400(RegistryApi api) {
        pushImage(api);
        assertEquals(400, api.get("/v2/" + repository + "/referrers/sha256:nothex").statusCode());
    }

    @Test
    void referrer_deleted_leavesTheListing(RegistryApi api) throws IOException {
        TestImage image = pushImage(api);
        HttpResponse<byte[]> pushed = pushArtifact(api, image.digest(), SBOM, "gone");
        api.delete("/v2/" + repository + "/manifests/"
                + pushed.headers().firstValue("Docker-Content-Digest").orElseThrow());
        JsonNode manifests = JSON.readTree(api.get("/v2/" + repository + "/referrers/" + image.digest()).body())
                .get("manifests");
        assertTrue(manifests.isEmpty(), manifests.toString());
    }

    private TestImage pushImage(RegistryApi api) {
        TestImage image = TestImage.pushBlobs(api, repository);
        assertEquals(201, api.pushManifest(repository, image.digest().toString(), MediaType.OCI_MANIFEST,
                image.manifest()).statusCode());
        return image;
    }

    private HttpResponse<byte[]> pushArtifact(RegistryApi api, Digest subject, String artifactType, String note) {
        byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
        Digest config = api.pushBlob(repository, empty);
        Digest layer = api.pushBlob(repository, (note + "-payload").getBytes(StandardCharsets.UTF_8));
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\","
                + "\"artifactType\":\"" + artifactType + "\","
                + "\"config\":{\"mediaType\":\"" + MediaType.OCI_EMPTY + "\",\"digest\":\"" + config + "\",\"size\":2},"
                + "\"layers\":[{\"mediaType\":\"application/octet-stream\",\"digest\":\"" + layer + "\",\"size\":"
                + (note + "-payload").length() + "}],"
                + "\"subject\":{\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"digest\":\"" + subject
                + "\",\"size\":100},"
                + "\"annotations\":{\"org.example.note\":\"" + note + "\"}}";
        byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
        return api.pushManifest(repository, Digest.sha256(bytes).toString(), MediaType.OCI_MANIFEST, bytes);
    }
}
